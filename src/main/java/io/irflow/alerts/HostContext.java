package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.cards.AlertCard;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.InvestigationResult;

import java.util.function.Function;

/**
 * User and location for an alert's host, from the sources that know addresses (ISE session, CMX): the host's MAC, else
 * its IPv4 address, is investigated; a host with neither gets an empty context.
 */
public final class HostContext implements Function<Alert.AlertHost, AlertCard.Context> {
    private final Investigation investigation;

    public HostContext(Investigation investigation) {
        this.investigation = investigation;
    }

    @Override
    public AlertCard.Context apply(Alert.AlertHost host) {
        Observable o = host.mac() != null ? new Observable(ObservableType.MAC, host.mac())
                : host.ip() != null && !host.ip().contains(":") ? new Observable(ObservableType.IPV4, host.ip()) : null;
        if (o == null) {
            return new AlertCard.Context(null, null, null);
        }
        InvestigationResult r = investigation.run(o, false);
        return new AlertCard.Context(r.hostUser(), r.hostLocation(), null);
    }
}
