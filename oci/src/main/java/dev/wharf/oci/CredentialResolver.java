package dev.wharf.oci;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one answer to "which login for registry HOST?", found as docker finds it in its config.json: the
 * credential helper `credHelpers` names for the host, else the `credsStore` helper, else the `auths` entry
 * (base64 `auth`, `username`/`password`, or an `identitytoken`). A helper that has nothing for the host leaves
 * the answer to `auths`, so a login saved there (by an older docker, or by Wharf before a helper was set up)
 * still counts. The OCI client and the host image build (Jib) both ask this, so they never disagree.
 *
 * <p>The file is read at the first question and each host's answer kept for the resolver's life: a helper
 * (which may unlock a keychain) runs at most once per host.
 */
public final class CredentialResolver {
    private final Path configFile;
    private final List<Path> helperPath;
    private final Map<String, Optional<Credentials>> answers = new HashMap<>();
    private DockerConfig config;

    /**
     * @param configFile docker's config.json (a missing file means no logins)
     * @param helperPath where `docker-credential-*` programs are looked for, in order (docker uses PATH)
     */
    public CredentialResolver(Path configFile, List<Path> helperPath) {
        this.configFile = configFile;
        this.helperPath = List.copyOf(helperPath);
    }

    /** Docker's config file ($DOCKER_CONFIG, else ~/.docker), helpers on PATH. */
    public static CredentialResolver defaults() {
        return fromDockerConfig(DockerConfig.defaultFile());
    }

    /** The given config file, helpers on PATH. */
    public static CredentialResolver fromDockerConfig(Path configFile) {
        return new CredentialResolver(configFile, systemPath());
    }

    private static List<Path> systemPath() {
        var path = System.getenv("PATH");
        if (path == null) {
            return List.of();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(p -> !p.isBlank())
                .map(Path::of)
                .toList();
    }

    public Path configFile() {
        return configFile;
    }

    /** The login for a registry (`host[:port]`; Docker Hub under any of its names), or empty for anonymous. */
    public synchronized Optional<Credentials> forRegistry(String registry) {
        return answers.computeIfAbsent(DockerConfig.normalizeHost(registry), this::lookUp);
    }

    private Optional<Credentials> lookUp(String host) {
        var file = config();
        var helper = file.helperFor(host);
        if (helper.isPresent()) {
            var fromHelper =
                    CredentialHelper.find(helper.get(), helperPath, configFile).get(DockerConfig.serverUrl(host));
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        }
        return file.storedCredentials(host);
    }

    /**
     * Where a login for this registry is kept: the helper the file names for it (`docker-credential-NAME store`),
     * else the file's `auths` (mode 0600). Returns a description of that place for the user.
     */
    public synchronized String store(String registry, Credentials credentials) {
        var host = DockerConfig.normalizeHost(registry);
        var file = DockerConfig.load(configFile);
        var helper = file.helperFor(host);
        String where;
        if (helper.isPresent()) {
            CredentialHelper.find(helper.get(), helperPath, configFile)
                    .store(DockerConfig.serverUrl(host), credentials);
            where = "docker-credential-" + helper.get().name() + " ("
                    + helper.get().origin() + " in " + configFile + ")";
        } else {
            file.store(host, credentials);
            where = configFile.toString();
        }
        config = null;
        answers.remove(host);
        return where;
    }

    /**
     * Forgets the login for a registry wherever it is kept (its helper and the file's `auths`); says where it
     * was, or empty when there was none.
     */
    public synchronized Optional<String> remove(String registry) {
        var host = DockerConfig.normalizeHost(registry);
        var file = DockerConfig.load(configFile);
        var places = new ArrayList<String>();
        var helper = file.helperFor(host);
        if (helper.isPresent()
                && CredentialHelper.find(helper.get(), helperPath, configFile).erase(DockerConfig.serverUrl(host))) {
            places.add(helperPlace(helper.get()));
        }
        if (file.remove(host)) {
            places.add(configFile.toString());
        }
        config = null;
        answers.remove(host);
        return places.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", places));
    }

    private String helperPlace(DockerConfig.HelperEntry helper) {
        return "docker-credential-" + helper.name() + " (" + helper.origin() + " in " + configFile + ")";
    }

    private DockerConfig config() {
        var loaded = config;
        if (loaded == null) {
            loaded = DockerConfig.load(configFile);
            config = loaded;
        }
        return loaded;
    }
}
