package io.tandem.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 description of the admin API: a hand-written resource
 * ({@code io/tandem/proxy/admin/openapi.json}) so that it can carry prose and examples, checked
 * against the router by {@code OpenApiRoutesTest} (every route documented, nothing documented
 * that is not routed, and the documented security of each operation enforced). The only part
 * that depends on the settings is the security of {@code GET /metrics}, patched at load.
 */
final class OpenApiDocument {

    static final String RESOURCE = "openapi.json";

    private OpenApiDocument() {
    }

    /** The document for these settings; a fresh copy on every call. */
    static JsonNode load(AdminSettings settings) {
        JsonNode doc;
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
            }
            doc = AdminJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("resource " + RESOURCE + " is not valid JSON", e);
        }
        JsonNode node = doc.path("paths").path("/metrics").path("get");
        if (settings.metricsPublic() && node instanceof ObjectNode metrics) {
            ArrayNode none = AdminJson.MAPPER.createArrayNode();
            metrics.set("security", none);
            metrics.put("x-required-role", "none");
        }
        return doc;
    }
}
