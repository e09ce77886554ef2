package io.tandem.proxy.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.tandem.ha.Role;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The one JSON mapper of the admin API: members in {@code snake_case}, unknown members in a
 * request body rejected (a typo must not be silently ignored), {@code null} members left out.
 * Instants travel as ISO-8601 strings (UTC, milliseconds) and roles in lower case ({@code active}), through two
 * small serializers instead of a date-time module.
 */
final class AdminJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .addModule(new SimpleModule("tandem-admin")
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addSerializer(Role.class, new RoleSerializer()))
            .build();

    /** ISO-8601 in UTC, to the millisecond: {@code 2026-11-21T10:35:46.110Z}. */
    private static final class InstantSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant instant, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(instant.truncatedTo(ChronoUnit.MILLIS).toString());
        }
    }

    private static final class RoleSerializer extends StdSerializer<Role> {
        private static final long serialVersionUID = 1L;

        RoleSerializer() {
            super(Role.class);
        }

        @Override
        public void serialize(Role role, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(role.name().toLowerCase(Locale.ROOT));
        }
    }

    private AdminJson() {
    }
}
