package io.tandem.farm;

import java.util.List;

/**
 * The page frame every storefront page shares: header with cart count and account links, the
 * session's pending messages (shown once), and a footer naming the instance that rendered it.
 * Message markup follows Magento's ({@code div.message.message-error}), so scripted clients and
 * people can read it alike.
 */
final class Layout {

    private final String instanceName;

    Layout(String instanceName) {
        this.instanceName = instanceName;
    }

    String page(String title, Visit visit, String main) {
        MagentoSession session = visit.session();
        StringBuilder html = new StringBuilder(2048)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(title)).append(" - Tandem Demo Store</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/static/frontend/Magento/luma/en_US/css/styles-m.css\">\n")
                .append("</head>\n<body>\n<header class=\"page-header\">\n")
                .append("<a class=\"logo\" href=\"/\">Tandem Demo Store</a>\n")
                .append("<a class=\"showcart\" href=\"/checkout/cart/\">My Cart (<span class=\"counter-number\">")
                .append(session.cartCount()).append("</span>)</a>\n");
        session.customer().ifPresentOrElse(
                email -> html.append("<span class=\"greet welcome\">Welcome, ").append(escape(email)).append("</span>\n")
                        .append("<a href=\"/customer/account/\">My Account</a>\n")
                        .append("<a href=\"/customer/account/logout/\">Sign Out</a>\n"),
                () -> html.append("<a href=\"/customer/account/login/\">Sign In</a>\n"));
        html.append("</header>\n");
        List<MagentoSession.Message> messages = session.drainMessages();
        if (!messages.isEmpty()) {
            html.append("<div class=\"messages\">\n");
            for (MagentoSession.Message m : messages) {
                String kind = m.kind() == MagentoSession.MessageKind.ERROR ? "error" : "success";
                html.append("<div class=\"message message-").append(kind).append(' ').append(kind)
                        .append("\" data-ui-id=\"message-").append(kind).append("\">")
                        .append(escape(m.text())).append("</div>\n");
            }
            html.append("</div>\n");
        }
        return html.append("<main id=\"maincontent\" class=\"page-main\">\n")
                .append("<h1 class=\"page-title\">").append(escape(title)).append("</h1>\n")
                .append(main)
                .append("</main>\n<footer class=\"page-footer\">Served by ").append(escape(instanceName))
                .append("</footer>\n</body>\n</html>\n")
                .toString();
    }

    /** A hidden {@code form_key} input, as Magento's {@code $block->getBlockHtml('formkey')} renders it. */
    static String formKeyInput(String formKey) {
        return "<input name=\"form_key\" type=\"hidden\" value=\"" + escape(formKey) + "\">\n";
    }

    /** HTML-escapes text and attribute values (both quote kinds). */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
