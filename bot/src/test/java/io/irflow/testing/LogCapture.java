package io.irflow.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Captures log lines for assertions (e.g. that a trackingId is logged and a token is not). */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture(Class<?> type) {
        this((Logger) LoggerFactory.getLogger(type));
    }

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures every logger's lines (the root logger), e.g. to check a secret never reaches any log. */
    public static LogCapture everything() {
        return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    }

    /** Formatted messages so far. */
    public List<String> lines() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Formatted messages so far, each followed by its exception's message when it has one. */
    public List<String> linesWithCauses() {
        return events().stream().map(e -> e.getFormattedMessage() + " "
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
    }

    /** A copy taken under the appender's lock: other threads (workers, pollers) may be logging right now. */
    private List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
