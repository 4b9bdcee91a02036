package dev.chatstream.security.control;

import dev.chatstream.platform.CommaSeparated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who a request comes from, for limits per client: the socket's address, unless that is one of
 * {@code CHAT_TRUSTED_PROXIES} (addresses or CIDR ranges), in which case the right-most address of
 * {@code X-Forwarded-For} that is not a trusted proxy, because each proxy appends the address it
 * was reached from and anything to its left is what the client claimed.
 */
@ApplicationScoped
public class ClientAddresses {

    /** IPv4 or IPv6 literals only: a host name would be looked up in DNS. */
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final List<Range> trusted;

    @Inject
    public ClientAddresses(@ConfigProperty(name = "CHAT_TRUSTED_PROXIES") Optional<String> proxies) {
        this.trusted = CommaSeparated.values(proxies).stream().map(Range::parse).toList();
    }

    protected ClientAddresses() {
        this(Optional.empty());
    }

    /** @param forwardedFor the request's X-Forwarded-For header, or null */
    public String of(String socketAddress, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(socketAddress)) {
            return socketAddress;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return socketAddress;
    }

    private boolean isTrusted(String address) {
        var parsed = Range.address(address);
        return parsed != null && trusted.stream().anyMatch(range -> range.contains(parsed));
    }

    /** An address with a prefix length: a single address is a range of its full length. */
    private record Range(byte[] network, int prefix) {

        static Range parse(String text) {
            int slash = text.indexOf('/');
            byte[] network = address(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("CHAT_TRUSTED_PROXIES: not an IP address or CIDR range: " + text);
            }
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("CHAT_TRUSTED_PROXIES: bad prefix length in " + text);
            }
            return new Range(network, prefix);
        }

        static byte[] address(String text) {
            if (text == null || !LITERAL.matcher(text).matches() || text.indexOf(':') < 0 && text.indexOf('.') < 0) {
                return null;
            }
            try {
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            var mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
