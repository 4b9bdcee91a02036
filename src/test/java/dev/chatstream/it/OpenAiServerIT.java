package dev.chatstream.it;

import dev.chatstream.it.faults.FailingRetrieval;
import dev.chatstream.it.faults.FailingStore;
import dev.chatstream.streaming.control.FailingPrompts;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAR as built, on one Payara Micro against the fake upstream (container {@code openai}),
 * shared by every group of tests below: a server start costs 40–60 s on these hosts, and these
 * groups need nothing of their own from it. Each group makes its own users, threads and
 * collections, so the order they run in does not matter. The WAR carries three test-only CDI
 * alternatives for {@link InjectedFaultCases}; they fail only messages with their markers and
 * otherwise do what the beans they replace do (WildFlyIT runs the WAR without them).
 */
@ExtendWith(ArquillianExtension.class)
class OpenAiServerIT extends FakeUpstreamTest {

    @Deployment(name = "openai", testable = false)
    @TargetsContainer("openai")
    static WebArchive deployment() {
        return Deployments.war().addClasses(FailingPrompts.class, FailingStore.class, FailingRetrieval.class);
    }

    @Nested
    class ThreadsApi extends ThreadsApiCases {
    }

    @Nested
    class Streaming extends StreamingCases {
    }

    @Nested
    class Workflows extends WorkflowCases {
    }

    @Nested
    class Widget extends WidgetCases {
    }

    @Nested
    class QuickChat extends QuickChatCases {
    }

    @Nested
    class AiTasks extends AiTasksCases {
    }

    @Nested
    class RunLifecycle extends RunLifecycleCases {
    }

    @Nested
    class InjectedFaults extends InjectedFaultCases {
    }
}
