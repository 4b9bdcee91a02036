package dev.chatstream.security.control;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Sets MP-JWT's key and issuer settings to the generated development key when the operator has
 * configured no key of their own. Any MP_JWT_VERIFY_PUBLICKEY* setting turns it off. Its ordinal
 * is below every standard source, so that it only ever fills a gap.
 */
public class DevJwtConfigSource implements ConfigSource {

    static final String LOCATION = "mp.jwt.verify.publickey.location";
    static final String ISSUER = "mp.jwt.verify.issuer";
    private static final String DEV_KEY_ACTIVE = "chatstream.dev-key.active";

    private final Map<String, String> properties;

    public DevJwtConfigSource() {
        this.properties = operatorConfiguredKey() ? Map.of() : Map.of(
                LOCATION, DevSigningKey.ensure(dataDir()).toUri().toString(),
                ISSUER, DevSigningKey.ISSUER,
                DEV_KEY_ACTIVE, "true");
    }

    /** The data folder from the same places MicroProfile Config would read CHAT_DATA_DIR. */
    public static Path dataDir() {
        String configured = System.getProperty("CHAT_DATA_DIR", System.getenv("CHAT_DATA_DIR"));
        return Path.of(configured == null || configured.isBlank() ? "./data" : configured).toAbsolutePath().normalize();
    }

    private static boolean operatorConfiguredKey() {
        return Stream.of("mp.jwt.verify.publickey", LOCATION, "MP_JWT_VERIFY_PUBLICKEY", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                .anyMatch(key -> notBlank(System.getProperty(key)) || notBlank(System.getenv(key)));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "chatstream-dev-jwt";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
