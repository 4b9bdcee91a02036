package dev.chatstream.security.control;

import dev.chatstream.platform.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Says "ready" once requests are served and, when the development key is in use, prints a
 * ready-to-use token so that a newcomer can call the API at once; writes it to dev-token.txt in
 * the data folder too.
 */
@ApplicationScoped
public class DevToken {

    private static final Logger LOG = Logger.getLogger(DevToken.class.getName());
    public static final String ORG = "dev-org";
    public static final String USER = "dev-user";

    private final Config config;
    private final int port;

    @Inject
    public DevToken(Config config, @ConfigProperty(name = "PORT", defaultValue = "8080") int port) {
        this.config = config;
        this.port = port;
    }

    protected DevToken() {
        this(null, 0);
    }

    void onServing(@Observes Startup.Serving event) {
        boolean devKey = config.getOptionalValue("chatstream.dev-key.active", Boolean.class).orElse(false);
        if (!devKey) {
            LOG.info(() -> "chatstream ready at http://localhost:" + port + "/ (tokens from the configured issuer)");
            return;
        }
        Path dataDir = DevJwtConfigSource.dataDir();
        String orgClaim = config.getValue("CHAT_AUTH_ORG_CLAIM", String.class);
        String clearanceClaim = config.getValue("CHAT_AUTH_CLEARANCE_CLAIM", String.class);
        Instant now = Instant.now();
        String token = JwtSigner.sign(Map.of(
                "iss", DevSigningKey.ISSUER,
                "sub", USER,
                "upn", USER,
                "name", "Developer",
                orgClaim, ORG,
                clearanceClaim, 10,
                "groups", List.of("admin"),
                "jti", UUID.randomUUID().toString(),
                "iat", now.getEpochSecond(),
                "exp", now.plus(Duration.ofDays(365)).getEpochSecond()), DevSigningKey.privateKey(dataDir));
        try {
            Files.writeString(dataDir.resolve("dev-token.txt"), token + "\n");
        } catch (IOException e) {
            LOG.warning("Cannot write dev-token.txt: " + e.getMessage());
        }
        LOG.info(() -> "\n\n  chatstream ready at http://localhost:" + port + "/\n"
                + "  development token (valid one year, also in " + dataDir.resolve("dev-token.txt") + "):\n\n"
                + "  " + token + "\n\n"
                + "  curl -H 'Authorization: Bearer <token>' http://localhost:" + port + "/api/chat/threads\n");
    }
}
