package dev.chatstream.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** The WAR with nothing configured (container {@code builtin}): one server for the groups below, as in {@link OpenAiServerIT}. */
@ExtendWith(ArquillianExtension.class)
class BuiltinServerIT {

    @Deployment(name = "builtin", testable = false)
    @TargetsContainer("builtin")
    static WebArchive deployment() {
        return Deployments.war();
    }

    @Nested
    class BuiltinProvider extends BuiltinProviderCases {
    }

    @Nested
    class Knowledge extends KnowledgeCases {
    }
}
