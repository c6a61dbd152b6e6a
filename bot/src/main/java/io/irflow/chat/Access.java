package io.irflow.chat;

import io.irflow.config.AppConfig;
import io.irflow.config.PeopleList;

import java.util.List;
import java.util.Optional;

/** Who may use the bot, and with which role: {@code security.responders} and {@code security.analysts}. */
public final class Access {
    private final PeopleList responders;
    private final PeopleList analysts;

    /**
     * @param responders emails or {@code @domain} entries that may do everything
     * @param analysts   emails or {@code @domain} entries that may run the read-only commands
     */
    public Access(List<String> responders, List<String> analysts) {
        this.responders = new PeopleList(responders);
        this.analysts = new PeopleList(analysts);
    }

    /** From the config ({@code analysts} already defaults to {@code responders} there). */
    public static Access from(AppConfig.Security security) {
        return new Access(security.responders(), security.analysts());
    }

    /** The person's role by their email as Webex reports it; empty for someone on neither list. */
    public Optional<Role> roleOf(String email) {
        if (responders.contains(email)) {
            return Optional.of(Role.RESPONDER);
        }
        return analysts.contains(email) ? Optional.of(Role.ANALYST) : Optional.empty();
    }
}
