package io.hypergrid.api;

import org.springframework.context.ApplicationContext;

/** A way for tests outside this package to cut the live event streams of a running application. */
public final class EventStreams {
    private EventStreams() {
    }

    /** Ends every open stream of the application before its search's end; returns how many. */
    public static int cut(ApplicationContext application) {
        return application.getBean(SearchEvents.class).closeAll();
    }

    /** Streams open on the application now. */
    public static int open(ApplicationContext application) {
        return application.getBean(SearchEvents.class).open();
    }
}
