package io.irflow.chat;

/** Answers one command; returns what to post and never writes to Webex itself. */
@FunctionalInterface
public interface CommandHandler {

    /**
     * @param request the message
     * @param args    the text after the command word, trimmed
     */
    Reply handle(MessageRequest request, String args);
}
