package org.pechatka.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web origins as PROTOCOL.md section 1.1 compares them: lowercase scheme and host, default port
 * dropped, then exact match. No wildcards, no suffixes, no paths, no user info, no trailing slash.
 */
public final class Origins {

    private static final Pattern ORIGIN = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]{0,15})://(\\[[0-9A-Fa-f:.]{2,45}]|[A-Za-z0-9.-]{1,253})(?::([0-9]{1,5}))?");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

    private Origins() {}

    /** The normalised form of an origin, or null when it is not a well-formed http(s) origin. */
    public static String normalize(String origin) {
        if (origin == null || origin.length() > 300) {
            return null;
        }
        Matcher m = ORIGIN.matcher(origin);
        if (!m.matches()) {
            return null;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return null;
        }
        String host = m.group(2).toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            if (!validIpv6(host.substring(1, host.length() - 1))) {
                return null;
            }
        } else if (!IPV4.matcher(host).matches() && !validDnsName(host)) {
            return null;
        }
        String port = "";
        if (m.group(3) != null) {
            int p = Integer.parseInt(m.group(3));
            if (p < 1 || p > 65535) {
                return null;
            }
            boolean isDefault = scheme.equals("https") && p == 443 || scheme.equals("http") && p == 80;
            port = isDefault ? "" : ":" + p;
        }
        return scheme + "://" + host + port;
    }

    /**
     * The normalised form of an origin that may be put on the trusted list: https, or plain http
     * only for {@code localhost} and {@code 127.0.0.1} (development); null otherwise.
     */
    public static String normalizeTrustable(String origin) {
        String n = normalize(origin);
        if (n == null) {
            return null;
        }
        if (n.startsWith("https://")) {
            return n;
        }
        String rest = n.substring("http://".length());
        String host = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
        return host.equals("localhost") || host.equals("127.0.0.1") ? n : null;
    }

    private static boolean validDnsName(String host) {
        if (host.endsWith(".") || host.startsWith(".") || host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean validIpv6(String literal) {
        if (!literal.contains(":")) {
            return false;
        }
        try {
            // a literal: no name lookup happens for a string made of hex digits, colons and dots
            return java.net.InetAddress.ofLiteral(literal) instanceof java.net.Inet6Address;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
