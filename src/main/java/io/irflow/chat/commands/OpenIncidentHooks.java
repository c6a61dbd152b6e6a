package io.irflow.chat.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.chat.Router;
import io.irflow.incidents.IncidentHooks;
import io.irflow.investigate.InvestigationResult;

import java.util.Map;

/** The incident flow as investigations see it: the Open incident button on a result's card, and the timeline entry. */
public final class OpenIncidentHooks implements InvestigateCommands.Hooks {
    private final IncidentHooks incidents;

    public OpenIncidentHooks(IncidentHooks incidents) {
        this.incidents = incidents;
    }

    @Override
    public ObjectNode openButton(InvestigationResult result, String roomId) {
        String ref = incidents.offer(result, roomId);
        return ref == null ? null : Cards.submit("Open incident", Map.of(Router.ACTION_KEY, ActionIds.INCIDENT_OPEN, ActionIds.REF, ref));
    }

    @Override
    public void investigated(InvestigationResult result, String roomId, String actor) {
        incidents.investigated(result, roomId, actor);
    }
}
