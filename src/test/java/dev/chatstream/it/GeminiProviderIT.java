package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** CHAT_PROVIDER=gemini: langchain4j's Gemini model against the fake speaking Gemini's streamGenerateContent wire format. */
@ExtendWith(ArquillianExtension.class)
class GeminiProviderIT extends ProviderWireFormat {

    @ArquillianResource
    @OperateOnDeployment("gemini")
    URL deployment;

    @Deployment(name = "gemini", testable = false)
    @TargetsContainer("gemini")
    static WebArchive war() {
        return Deployments.war();
    }

    @Override
    URL deployment() {
        return deployment;
    }

    @Override
    String provider() {
        return "gemini";
    }

    @Override
    String model() {
        return "fake-gemini";
    }

    @Override
    void assertRequest(JsonNode request) {
        assertEquals(1000, request.path("generationConfig").path("maxOutputTokens").asInt(), "AI_MAX_TOKENS as Gemini's maxOutputTokens");
        assertFalse(request.path("systemInstruction").isMissingNode(), "the system prompt travels in Gemini's own field: " + request);
        assertEquals("user", request.path("contents").path(0).path("role").asText());
    }
}
