package io.irflow.chat.commands;

import io.irflow.cards.HelpCard;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;
import io.irflow.chat.Router;

import java.util.List;

/** {@code help}: the help card listing what is available with this config. */
public final class HelpCommand {
    private final Router router;
    private final List<String> products;

    public HelpCommand(Router router, List<String> products) {
        this.router = router;
        this.products = List.copyOf(products);
    }

    /** The command registration. */
    public Command command() {
        return new Command("help", List.of("?", "h"), "/help", "Show this list of commands.", Role.ANALYST, this::handle);
    }

    /** Renders the help card from the router's current registrations. */
    public Reply handle(MessageRequest request, String args) {
        List<HelpCard.Entry> entries = router.commands().stream()
                .map(c -> new HelpCard.Entry(c.usage(), c.description()
                        + (c.role() == Role.RESPONDER ? " Responders only." : "")))
                .toList();
        return Reply.card(HelpCard.render(entries, products));
    }
}
