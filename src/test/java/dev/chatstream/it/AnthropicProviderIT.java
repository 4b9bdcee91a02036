package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** CHAT_PROVIDER=anthropic: langchain4j's Anthropic model against the fake speaking Anthropic's messages wire format. */
@ExtendWith(ArquillianExtension.class)
class AnthropicProviderIT extends ProviderWireFormat {

    @ArquillianResource
    @OperateOnDeployment("anthropic")
    URL deployment;

    @Deployment(name = "anthropic", testable = false)
    @TargetsContainer("anthropic")
    static WebArchive war() {
        return Deployments.war();
    }

    @Override
    URL deployment() {
        return deployment;
    }

    @Override
    String provider() {
        return "anthropic";
    }

    @Override
    String model() {
        return "fake-claude";
    }

    @Override
    void assertRequest(JsonNode request) {
        assertEquals(1000, request.path("max_tokens").asInt(), "AI_MAX_TOKENS goes to Anthropic's required max_tokens");
        assertTrue(request.path("stream").asBoolean());
        assertFalse(request.path("system").isMissingNode(), "the system prompt travels in Anthropic's own field: " + request);
    }
}
