package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstream.providers.entity.ChatTurn;
import dev.chatstream.threads.entity.MessageRole;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.MessageView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptsTest {

    private static MessageView message(MessageRole role, String content) {
        return new MessageView("id", "t", role, content, MessageStatus.completed, 1, null, List.of(), null, null,
                Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void keepsTheNewestHistoryThatFitsTheBudgetInOrder() {
        var history = List.of(
                message(MessageRole.user, "a".repeat(400)),      // 100 tokens: does not fit any more
                message(MessageRole.assistant, "b".repeat(40)),  // 10
                message(MessageRole.user, "c".repeat(40)),       // 10
                message(MessageRole.assistant, "d".repeat(40))); // 10
        var request = new Prompts(40).request(history, "q".repeat(8), null, null, null, SendOptions.DEFAULT); // question: 2
        var turns = request.turns();
        assertEquals(List.of("b", "c", "d", "q"), turns.stream().map(turn -> turn.content().substring(0, 1)).toList());
        assertEquals(ChatTurn.Speaker.assistant, turns.get(0).speaker());
        assertEquals("q".repeat(8), request.question());
    }

    @Test
    void aQuestionAloneWhenThereIsNoHistory() {
        assertEquals(1, new Prompts(3000).request(List.of(), "hi", null, null, null, SendOptions.DEFAULT).turns().size());
    }

    @Test
    void theAnswersLanguageIsNamedFromAnyBcp47TagAndIgnoredWhenItNamesNone() {
        assertEquals("Vietnamese", Prompts.languageName("vi"));
        assertEquals("German", Prompts.languageName("de-CH"));
        assertEquals("Portuguese", Prompts.languageName("pt_BR"));
        assertEquals("Chinese", Prompts.languageName("zh-Hant-TW"));
        assertEquals(null, Prompts.languageName("not a tag"));
        assertEquals(null, Prompts.languageName("qq"));
        assertEquals(null, Prompts.languageName(" "));
    }
}
