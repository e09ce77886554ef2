package io.tandem.farm;

import java.math.BigDecimal;

/**
 * One catalog product of the farm's demo store (Magento's Luma sample data).
 *
 * @param id    entity id, used in {@code /catalog/product/view/id/<id>} and the add-to-cart URL
 * @param sku   stock keeping unit; cart lines are keyed by it
 * @param name  display name
 * @param price unit price in USD
 * @param slug  URL key; the product is also served at {@code /<slug>.html}
 */
public record Product(int id, String sku, String name, BigDecimal price, String slug) {

    /** The canonical product page path, {@code /catalog/product/view/id/<id>}. */
    public String path() {
        return "/catalog/product/view/id/" + id;
    }

    /** The search-engine-friendly path, {@code /<slug>.html}. */
    public String prettyPath() {
        return "/" + slug + ".html";
    }

    /** Where the product page's add-to-cart form posts to. */
    public String addToCartPath() {
        return "/checkout/cart/add/product/" + id + "/";
    }
}
