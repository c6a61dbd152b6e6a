package io.irflow.capabilities;

/** The kinds of thing a responder can ask about. */
public enum ObservableType {
    HOSTNAME, IPV4, IPV6, MAC, DOMAIN, URL, SHA256, SHA1, MD5;

    /** True for the three hash types. */
    public boolean isHash() {
        return this == SHA256 || this == SHA1 || this == MD5;
    }

    /** True for IPv4 and IPv6. */
    public boolean isIp() {
        return this == IPV4 || this == IPV6;
    }
}
