package io.hypergrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamParserTest {
    private static List<EventStreamParser.Event> parse(String... lines) {
        EventStreamParser parser = new EventStreamParser();
        List<EventStreamParser.Event> events = new ArrayList<>();
        for (String line : lines) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void namedEventsDataLinesJoinedCommentsSkippedABlankLineDispatches() {
        assertThat(parse("event:status", "data:{\"a\":1}", "", ":keep-alive", "", "event: end", "data: x", "data:y",
                "id: 3", "", "data:no name", "")).containsExactly(
                new EventStreamParser.Event("status", "{\"a\":1}"),
                new EventStreamParser.Event("end", "x\ny"),
                new EventStreamParser.Event("message", "no name"));
    }

    @Test
    void anEventWithoutDataIsNoEventAndItsNameDoesNotLeakIntoTheNext() {
        assertThat(parse("event:status", "", "data", "")).containsExactly(new EventStreamParser.Event("message", ""));
        assertThat(parse("event:status", "data:1")).as("not dispatched before its blank line").isEmpty();
    }
}
