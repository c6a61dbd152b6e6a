package io.irflow.adapters.ise;

import io.irflow.adapters.ise.dto.MntSession;
import io.irflow.capabilities.Fact;

import java.util.ArrayList;
import java.util.List;

/** Turns an MnT session into a few compact facts and host fields. */
final class IseFacts {
    private IseFacts() {
    }

    /** Up to seven facts: user, endpoint, network device, authentication, authorization, posture, profile. */
    static List<Fact> session(MntSession s) {
        List<Fact> facts = new ArrayList<>();
        add(facts, "User", user(s));
        add(facts, "Endpoint", join(" / ", s.callingStationId(), s.framedIpAddress()));
        add(facts, "Network device", join(" ", s.networkDeviceName(),
                s.nasIpAddress() == null ? null : "(" + s.nasIpAddress() + ")", s.nasPortId()));
        add(facts, "Authentication", authentication(s));
        add(facts, "Authorization", s.selectedAznProfiles());
        add(facts, "Posture", s.postureStatus());
        add(facts, "Endpoint profile", join(" / ", s.endpointPolicy(), s.identityGroup()));
        return facts;
    }

    /** The session user, or null for MAB sessions where ISE puts the MAC in user_name. */
    static String user(MntSession s) {
        String u = s.userName();
        if (u == null) {
            return null;
        }
        String hex = u.replaceAll("[^0-9A-Fa-f]", "");
        boolean looksLikeMac = hex.length() == 12 && u.replaceAll("[0-9A-Fa-f:.\\-]", "").isEmpty();
        return looksLikeMac ? null : u;
    }

    /** The framed IPv4 and the non-empty IPv6 addresses. */
    static List<String> ips(MntSession s) {
        List<String> ips = new ArrayList<>();
        if (s.framedIpAddress() != null) {
            ips.add(s.framedIpAddress());
        }
        ips.addAll(s.framedIpv6Addresses());
        return ips;
    }

    private static String authentication(MntSession s) {
        String state = Boolean.TRUE.equals(s.failed()) ? "failed"
                : Boolean.TRUE.equals(s.passed()) ? "passed" : null;
        String method = s.authenticationMethod() == null ? null : "(" + s.authenticationMethod() + ")";
        String head = join(" ", state, method);
        return s.failureReason() == null || head == null ? head : head + ": " + s.failureReason();
    }

    private static void add(List<Fact> facts, String title, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new Fact(title, value));
        }
    }

    private static String join(String sep, String... parts) {
        List<String> present = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                present.add(p);
            }
        }
        return present.isEmpty() ? null : String.join(sep, present);
    }
}
