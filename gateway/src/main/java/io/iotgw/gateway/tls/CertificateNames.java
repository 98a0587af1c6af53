package io.iotgw.gateway.tls;

import io.iotgw.gateway.device.Hello;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The device id a client certificate names: its subject's common name (CN), as Mosquitto's
 * {@code use_identity_as_username} reads it and as {@code openssl req -subj /CN=esp32-01} writes
 * it. Exactly one CN, and it must be a valid device id; anything else names no device.
 */
final class CertificateNames {

    private CertificateNames() {
    }

    /** The device id, or null when the certificate names none. */
    static String deviceId(X509Certificate certificate) {
        String cn = commonName(certificate);
        return cn != null && Hello.DEVICE_ID.matcher(cn).matches() ? cn : null;
    }

    /** The subject's one CN, or null when it has none or several. */
    static String commonName(X509Certificate certificate) {
        try {
            List<String> cns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(Rdn::getValue)
                    .map(String::valueOf)
                    .toList();
            return cns.size() == 1 ? cns.get(0) : null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
