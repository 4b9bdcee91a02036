package dev.chatstream;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API under /api. Bearer tokens are checked by the API's own filter (MP-JWT's checks and
 * settings, with verified tokens cached) rather than by the container's MP-JWT mechanism, which
 * parses and verifies every request's token again.
 */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "chatstream", version = "1"), security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "The company IdP's JWT, or the development token the run command prints")
public class ChatstreamApplication extends Application {
}
