package io.tandem.farm;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/** The home page and product pages. */
final class CatalogPages {

    private final Layout layout;

    CatalogPages(Layout layout) {
        this.layout = layout;
    }

    /** {@code GET /}: every product with a link to its page. */
    void home(HttpServerExchange exchange, Visit visit) {
        StringBuilder main = new StringBuilder("<ol class=\"products list product-items\">\n");
        for (Product p : Catalog.products()) {
            main.append("<li class=\"product-item\" data-product-id=\"").append(p.id()).append("\">")
                    .append("<a class=\"product-item-link\" href=\"").append(p.path()).append("\">")
                    .append(Layout.escape(p.name())).append("</a> ")
                    .append("<span class=\"price\">$").append(p.price()).append("</span>")
                    .append(" <a class=\"product-url-key\" href=\"").append(p.prettyPath()).append("\">")
                    .append(p.prettyPath()).append("</a></li>\n");
        }
        main.append("</ol>\n");
        Responses.html(exchange, StatusCodes.OK, layout.page("Home Page", visit, main.toString()));
    }

    /** {@code GET /catalog/product/view/id/<n>} or {@code GET /<slug>.html}: name, price, add-to-cart form. */
    void product(HttpServerExchange exchange, Visit visit, Product p) {
        String main = "<div class=\"product-info-main\" data-product-id=\"" + p.id() + "\" data-sku=\""
                + Layout.escape(p.sku()) + "\">\n"
                + "<div class=\"product attribute sku\">SKU: <span class=\"value\">" + Layout.escape(p.sku()) + "</span></div>\n"
                + "<span class=\"price\">$" + p.price() + "</span>\n"
                + "<form id=\"product_addtocart_form\" method=\"post\" action=\"" + p.addToCartPath() + "\">\n"
                + Layout.formKeyInput(visit.session().formKey())
                + "<input name=\"product\" type=\"hidden\" value=\"" + p.id() + "\">\n"
                + "<label for=\"qty\">Qty</label> <input id=\"qty\" name=\"qty\" type=\"number\" value=\"1\" min=\"1\">\n"
                + "<button type=\"submit\" class=\"action tocart primary\">Add to Cart</button>\n"
                + "</form>\n</div>\n";
        Responses.html(exchange, StatusCodes.OK, layout.page(p.name(), visit, main));
    }
}
