package io.tandem.farm;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fixed catalog every farm instance sells: the same products on every instance, as if they
 * shared one database. Only sessions are per instance.
 */
public final class Catalog {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,64}");

    private static final List<Product> PRODUCTS = checked(List.of(
            new Product(1, "24-MB01", "Joust Duffle Bag", new BigDecimal("34.00"), "joust-duffle-bag"),
            new Product(2, "24-MB04", "Strive Shoulder Pack", new BigDecimal("32.00"), "strive-shoulder-pack"),
            new Product(3, "24-MB03", "Crown Summit Backpack", new BigDecimal("38.00"), "crown-summit-backpack"),
            new Product(4, "24-MB05", "Wayfarer Messenger Bag", new BigDecimal("45.00"), "wayfarer-messenger-bag"),
            new Product(5, "24-UG06", "Affirm Water Bottle", new BigDecimal("7.00"), "affirm-water-bottle"),
            new Product(6, "24-WG02", "Didi Sport Watch", new BigDecimal("92.00"), "didi-sport-watch")));

    private Catalog() {
    }

    /** All products, ordered by id. */
    public static List<Product> products() {
        return PRODUCTS;
    }

    public static Optional<Product> byId(int id) {
        return PRODUCTS.stream().filter(p -> p.id() == id).findFirst();
    }

    public static Optional<Product> bySku(String sku) {
        return PRODUCTS.stream().filter(p -> p.sku().equals(sku)).findFirst();
    }

    public static Optional<Product> bySlug(String slug) {
        return PRODUCTS.stream().filter(p -> p.slug().equals(slug)).findFirst();
    }

    /** The product with this id; for callers (tests, scenarios) that know it exists. */
    public static Product product(int id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException(
                "product id: " + id + " (expected: 1.." + PRODUCTS.size() + ")"));
    }

    // The list is code, but a duplicated id or slug would make routing ambiguous: refuse to load.
    private static List<Product> checked(List<Product> products) {
        for (int i = 0; i < products.size(); i++) {
            Product p = products.get(i);
            if (p.id() != i + 1) {
                throw new IllegalStateException("products[" + i + "].id: " + p.id() + " (expected: " + (i + 1) + ")");
            }
            if (!SLUG.matcher(p.slug()).matches()) {
                throw new IllegalStateException("products[" + i + "].slug: " + p.slug() + " (expected: " + SLUG + ")");
            }
            for (int j = 0; j < i; j++) {
                Product q = products.get(j);
                if (q.sku().equals(p.sku()) || q.slug().equals(p.slug())) {
                    throw new IllegalStateException("products[" + i + "]: sku or slug of " + p
                            + " (expected: unique, but products[" + j + "] has it)");
                }
            }
        }
        return products;
    }
}
