package io.irflow.chat;

/**
 * A message to the bot, with the bot's mention already removed.
 *
 * @param roomId      room the message is in
 * @param roomType    "direct" or "group"
 * @param messageId   the message's id
 * @param threadId    the thread root to answer in (the message's parent, or the message itself)
 * @param personId    the author
 * @param personEmail the author's email, lower-case
 * @param text        the command text, trimmed
 */
public record MessageRequest(String roomId, String roomType, String messageId, String threadId, String personId,
                             String personEmail, String text) implements ChatRequest {
}
