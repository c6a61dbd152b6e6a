package io.irflow.testing;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Ticketing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory ticketing system that records every call and can be told to be down. */
public final class FakeTicketing implements Ticketing {
    private final List<NewTicket> created = new ArrayList<>();
    private final List<TicketChange> changes = new ArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger(10000);
    private volatile boolean down;
    private volatile int failures;

    @Override
    public String product() {
        return "ServiceNow";
    }

    /** While down, every call fails as unavailable (HTTP 503). */
    public FakeTicketing down(boolean down) {
        this.down = down;
        return this;
    }

    /** Calls that failed so far. */
    public int failures() {
        return failures;
    }

    @Override
    public synchronized TicketRef create(NewTicket ticket) throws AdapterException {
        fail();
        created.add(ticket);
        String n = "INC00" + numbers.incrementAndGet();
        return new TicketRef(n, "sys-" + n, "https://servicenow.example.com/nav_to.do?uri=incident.do?sysparm_query=number=" + n);
    }

    @Override
    public synchronized void update(TicketRef ticket, TicketChange change) throws AdapterException {
        fail();
        if (ticket.sysId() == null) {
            throw new IllegalStateException("update before create");
        }
        changes.add(change);
    }

    private void fail() throws AdapterException {
        if (down) {
            failures++;
            throw new AdapterException(product(), AdapterException.Kind.UNAVAILABLE, "down", 503, null, null, null);
        }
    }

    /** The tickets created. */
    public synchronized List<NewTicket> created() {
        return List.copyOf(created);
    }

    /** The changes applied, in order. */
    public synchronized List<TicketChange> changes() {
        return List.copyOf(changes);
    }
}
