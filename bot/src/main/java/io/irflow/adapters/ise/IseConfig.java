package io.irflow.adapters.ise;

import io.irflow.adapters.HttpSettings;

import java.util.Objects;

/**
 * What the ISE adapter needs: the ERS (config) and MnT (monitoring) endpoints, which usually differ in host and port.
 *
 * @param url         ERS base, e.g. {@code https://ise-pan:9060} (paths {@code /ers/config/...} are appended)
 * @param mntUrl      MnT base, e.g. {@code https://ise-mnt} (paths {@code /admin/API/mnt/...} are appended)
 * @param username    ERS account (ERS Admin for ANC changes, ERS Operator for lookups)
 * @param password    ERS password
 * @param mntUsername MnT account when it differs (MnT needs a local ISE admin); null to reuse the ERS account
 * @param mntPassword MnT password when {@code mntUsername} is set
 * @param ancPolicy   the ANC policy irflow applies to quarantine (exact, case-sensitive name), may be null
 */
public record IseConfig(HttpSettings url, HttpSettings mntUrl, String username, String password,
                        String mntUsername, String mntPassword, String ancPolicy) {
    public IseConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(mntUrl, "mnt_url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** The account used for MnT calls. */
    public String effectiveMntUsername() {
        return hasMntAccount() ? mntUsername : username;
    }

    /** The password used for MnT calls. */
    public String effectiveMntPassword() {
        return hasMntAccount() ? (mntPassword == null ? "" : mntPassword) : password;
    }

    private boolean hasMntAccount() {
        return mntUsername != null && !mntUsername.isBlank();
    }

    @Override
    public String toString() {
        return "IseConfig[url=" + url + ", mntUrl=" + mntUrl + ", username=" + username + ", password=***"
                + ", mntUsername=" + mntUsername + ", mntPassword=" + (mntPassword == null ? "null" : "***")
                + ", ancPolicy=" + ancPolicy + "]";
    }
}
