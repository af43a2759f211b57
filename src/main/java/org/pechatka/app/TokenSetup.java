package org.pechatka.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pechatka.demo.DemoToken;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.TokenProvider;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.pkcs11.ModuleDiscovery;
import org.pechatka.token.pkcs11.Pkcs11Provider;

/**
 * Builds the token registry from the options: the demo token when asked, then every discovered
 * and explicit PKCS#11 module, then the key files.
 *
 * @param registry   the registry
 * @param candidates the modules that were considered, in order
 * @param demo       what the demo setup did, or null
 */
public record TokenSetup(TokenRegistry registry, List<ModuleDiscovery.Candidate> candidates, DemoToken.Setup demo)
        implements AutoCloseable {

    @Override
    public void close() {
        registry.close();
    }

    /** Tokens for a one-shot command: the PIN is asked for every operation. */
    public static TokenSetup create(TokenOptions options) throws IOException, PechatkaException {
        return create(options, Duration.ZERO);
    }

    /**
     * Tokens for the application.
     *
     * @param pinCache the admin policy's PIN cache (zero: the PIN is asked for every operation)
     */
    public static TokenSetup create(TokenOptions options, Duration pinCache) throws IOException, PechatkaException {
        ModuleDiscovery discovery = new ModuleDiscovery(ModuleDiscovery.Settings.system());
        List<String> explicit = new ArrayList<>();
        List<Path> keyFiles = new ArrayList<>(options.keyFiles());
        DemoToken.Setup demo = null;
        if (options.demo()) {
            demo = DemoToken.prepare(options.dataDir(), discovery);
            demo.module().ifPresent(explicit::add);
            keyFiles.addAll(demo.keyFiles());
        }
        explicit.addAll(options.modules());
        List<ModuleDiscovery.Candidate> candidates = options.noDiscovery()
                ? discovery.discover(explicit).stream()
                        .filter(c -> c.origin() == ModuleDiscovery.Origin.EXPLICIT).toList()
                : discovery.discover(explicit);
        List<TokenProvider> providers = new ArrayList<>();
        for (ModuleDiscovery.Candidate c : candidates) {
            if (c.exists()) {
                providers.add(Pkcs11Provider.load(c.path(), Pkcs11Provider.Options.DEFAULT.withPinCache(pinCache)));
            }
        }
        providers.add(new KeyFileProvider(keyFiles, options.dataDir().resolve("keys"), Duration.ofSeconds(2),
                pinCache));
        TokenRegistry registry = new TokenRegistry(providers);
        // C_Finalize once at exit, also when the process is stopped (close() is idempotent)
        Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "pechatka-shutdown"));
        return new TokenSetup(registry, candidates, demo);
    }
}
