package dev.chatstream.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.spi.JsonProvider;

/** The one JSON-B configuration (null members are written, because the contract shows them), and JSON-P. */
public final class Json {

    public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
    /** JSON-P's provider, looked up once: {@code jakarta.json.Json}'s factories look it up through the service loader every call. */
    public static final JsonProvider JSON_P = JsonProvider.provider();

    private Json() {
    }
}
