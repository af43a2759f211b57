package org.pechatka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of the fault-injection PKCS#11 module itself (src/test/c/p11shim.c), independent of the
 * application: a throw-away SoftHSM2 token, OpenSC's {@code pkcs11-tool --module <shim>} as a
 * subprocess, and a small C driver (compiled here with gcc) for what pkcs11-tool cannot do (stale
 * session handles across a removal, C_Initialize with and without locking in one process). No
 * mocks; a missing tool fails the tests, it never skips them.
 */
class P11ShimTest {

    private static final String USER_PIN = "1234";
    private static final String SO_PIN = "12345678";
    private static final String LABEL = "shimtest";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static Path shimLibrary;
    private static Path pkcs11Tool;
    private static Path softhsmConf;
    private static Path data;

    private P11Shim shim;

    @BeforeAll
    static void createToken() throws IOException {
        shimLibrary = P11Shim.library();
        pkcs11Tool = requireTool("pkcs11-tool", "opensc");
        Path softhsmUtil = requireTool("softhsm2-util", "softhsm2");
        assertThat(P11Shim.SOFTHSM2)
                .withFailMessage("SoftHSM2 module %s missing (Debian package libsofthsm2)", P11Shim.SOFTHSM2)
                .isRegularFile();

        Path tokens = Files.createDirectories(work.resolve("tokens"));
        softhsmConf = work.resolve("softhsm2.conf");
        Files.writeString(softhsmConf, """
                directories.tokendir = %s
                objectstore.backend = file
                log.level = ERROR
                """.formatted(tokens));
        Result init = run(List.of(softhsmUtil.toString(), "--init-token", "--free", "--label", LABEL,
                "--pin", USER_PIN, "--so-pin", SO_PIN), softhsmEnv());
        assertThat(init.exit()).as("softhsm2-util --init-token: %s", init).isZero();

        data = work.resolve("data.bin");
        Files.writeString(data, "to be signed");

        // The key used by the signing tests, generated through the shim (no control file).
        P11Shim setup = new P11Shim(work.resolve("setup"));
        Result keygen = pkcs11Tool(setup, "--keypairgen", "--key-type", "EC:prime256v1", "--login",
                "--pin", USER_PIN, "--id", "01", "--label", "key01");
        assertThat(keygen.exit()).as("keypairgen through the shim: %s", keygen).isZero();
    }

    @BeforeEach
    void newShimDirectory(TestInfo test) {
        shim = new P11Shim(work.resolve("shim-" + test.getTestMethod().orElseThrow().getName()));
    }

    // ------------------------------------------------------------ forwarding

    @Test
    void whenListingThroughShim_thenRealTokenIsShownAndEveryCallIsCounted() {
        Result slots = pkcs11Tool(shim, "-L");
        assertThat(slots.exit()).as("%s", slots).isZero();
        assertThat(slots.stdout()).contains("token label        : " + LABEL).contains("SoftHSM");
        P11Shim.Stats stats = shim.stats();
        assertThat(stats.get("C_GetFunctionList")).isEqualTo(1);
        assertThat(stats.get("C_Initialize")).isEqualTo(1);
        assertThat(stats.get("C_Finalize")).isEqualTo(1);
        assertThat(stats.get("initialize_nolock")).isEqualTo(1);
        assertThat(stats.get("initialize_locking")).isZero();
        assertThat(stats.get("C_GetSlotList")).isPositive();
        assertThat(stats.get("C_GetTokenInfo")).isPositive();
        assertThat(stats.get("injected_failures")).isZero();
        assertThat(stats.get("pid")).isPositive();

        Result tokens = pkcs11Tool(shim, "-T");
        assertThat(tokens.exit()).as("%s", tokens).isZero();
        assertThat(tokens.stdout()).contains("token label        : " + LABEL);

        Result mechanisms = pkcs11Tool(shim, "-M");
        assertThat(mechanisms.exit()).as("%s", mechanisms).isZero();
        assertThat(mechanisms.stdout()).contains("ECDSA");
        assertThat(shim.stats().get("C_GetMechanismList")).isPositive();
        assertThat(shim.stats().get("C_GetMechanismInfo")).isPositive();
    }

    @Test
    void whenGeneratingKeyAndSigningThroughShim_thenRealModuleHoldsKeyAndSignatureVerifies()
            throws IOException {
        Result keygen = pkcs11Tool(shim, "--keypairgen", "--key-type", "EC:prime256v1", "--login",
                "--pin", USER_PIN, "--id", "02", "--label", "key02");
        assertThat(keygen.exit()).as("%s", keygen).isZero();
        assertThat(shim.stats().get("C_GenerateKeyPair")).isEqualTo(1);

        // the key is really in SoftHSM: list it without the shim
        Result direct = run(List.of(pkcs11Tool.toString(), "--module", P11Shim.SOFTHSM2.toString(),
                "-O", "--login", "--pin", USER_PIN), softhsmEnv());
        assertThat(direct.exit()).as("%s", direct).isZero();
        assertThat(direct.stdout()).contains("label:      key02");

        Path signature = work.resolve("signature-" + System.nanoTime());
        Result sign = pkcs11Tool(shim, "-s", "-m", "ECDSA", "--login", "--pin", USER_PIN, "--id", "01",
                "-i", data.toString(), "-o", signature.toString());
        assertThat(sign.exit()).as("%s", sign).isZero();
        assertThat(Files.size(signature)).isEqualTo(64); // P-256 r||s
        P11Shim.Stats stats = shim.stats();
        assertThat(stats.get("C_Login")).isEqualTo(1);
        assertThat(stats.get("login_user")).isEqualTo(1);
        assertThat(stats.get("C_SignInit")).isEqualTo(1);
        assertThat(stats.get("C_Sign")).isEqualTo(1);
        assertThat(stats.get("C_OpenSession")).isEqualTo(stats.get("C_CloseSession"));
        assertThat(stats.get("open_sessions")).isZero();
        assertThat(stats.get("C_Finalize")).isEqualTo(1);
        assertThat(stats.get("stale_handle_uses")).isZero();

        Result verify = pkcs11Tool(shim, "--verify", "-m", "ECDSA", "--id", "01", "-i", data.toString(),
                "--signature-file", signature.toString());
        assertThat(verify.exit()).as("%s", verify).isZero();
        assertThat(verify.stdout()).contains("Signature is valid");
    }

    @Test
    void whenShimDirectoryIsNotSet_thenShimForwardsWithoutControlOrStats() {
        Map<String, String> env = softhsmEnv();
        env.put(P11Shim.ENV_TARGET, P11Shim.SOFTHSM2.toString());
        Result slots = run(List.of(pkcs11Tool.toString(), "--module", shimLibrary.toString(), "-L"), env);
        assertThat(slots.exit()).as("%s", slots).isZero();
        assertThat(slots.stdout()).contains(LABEL);
    }

    @Test
    void whenTargetModuleCannotBeLoaded_thenInitializeFailsWithGeneralErrorAndDlerror() {
        Map<String, String> env = shimEnv(shim);
        env.put(P11Shim.ENV_TARGET, work.resolve("no-such-module.so").toString());
        Result info = run(List.of(pkcs11Tool.toString(), "--module", shimLibrary.toString(), "-I"), env);
        assertThat(info.exit()).as("%s", info).isNotZero();
        assertThat(info.stderr())
                .contains("p11shim: cannot load target module")
                .contains("no-such-module.so")
                .contains("CKR_GENERAL_ERROR");
        assertThat(shim.stats().get("C_Initialize")).isEqualTo(1);
    }

    // --------------------------------------------------------------- faults

    @Test
    void whenLoginFailureInjected_thenPinIncorrectReportedAndExactlyOneLoginCounted() {
        shim.control("# wrong PIN, whatever is typed", "fail C_Login CKR_PIN_INCORRECT");
        Result login = pkcs11Tool(shim, "--login", "--pin", USER_PIN, "-O");
        assertThat(login.exit()).as("%s", login).isNotZero();
        assertThat(login.stderr()).contains("CKR_PIN_INCORRECT");
        P11Shim.Stats stats = shim.stats();
        assertThat(stats.get("C_Login")).isEqualTo(1);
        assertThat(stats.get("login_user")).isEqualTo(1);
        assertThat(stats.get("injected_failures")).isEqualTo(1);
    }

    @Test
    void whenFailureLimitedToOneCall_thenOnlyTheFirstCallFails() {
        shim.control("fail C_GetSlotInfo CKR_DEVICE_ERROR times 1");
        Result slots = pkcs11Tool(shim, "-L");
        assertThat(slots.exit()).as("%s", slots).isZero();
        // SoftHSM has two slots (our token and a free one): the first lookup fails, the second not
        assertThat(slots.stdout().split("GetSlotInfo failed, CKR_DEVICE_ERROR", -1)).hasSize(2);
        assertThat(slots.stdout()).contains("SoftHSM slot ID");
        P11Shim.Stats stats = shim.stats();
        assertThat(stats.get("C_GetSlotInfo")).isEqualTo(2);
        assertThat(stats.get("injected_failures")).isEqualTo(1);
    }

    @Test
    void whenTokenFlagsChanged_thenTokenInfoShowsThem() {
        shim.control("token-flags-set 0x40000", "token-flags-clear 0x4");
        Result tokens = pkcs11Tool(shim, "-T");
        assertThat(tokens.exit()).as("%s", tokens).isZero();
        assertThat(tokens.stdout()).contains("user PIN locked").doesNotContain("login required");

        shim.clearControl();
        Result plain = pkcs11Tool(shim, "-T");
        assertThat(plain.stdout()).doesNotContain("user PIN locked").contains("login required");
    }

    @Test
    void whenControlHasUnknownDirective_thenWarningIsPrintedAndOtherLinesApply() {
        shim.control("frobnicate C_Sign", "token-flags-set 0x40000", "fail C_Nonsense CKR_OK");
        Result tokens = pkcs11Tool(shim, "-T");
        assertThat(tokens.exit()).as("%s", tokens).isZero();
        assertThat(tokens.stderr())
                .contains("unknown directive 'frobnicate'")
                .contains("unknown function 'C_Nonsense'");
        assertThat(tokens.stdout()).contains("user PIN locked");
    }

    @Test
    void whenDelayConfigured_thenCallTakesAtLeastThatLong() {
        shim.control("delay C_GetInfo 400");
        Result info = pkcs11Tool(shim, "-I");
        assertThat(info.exit()).as("%s", info).isZero();
        assertThat(info.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(info.stdout()).contains("SoftHSM");
    }

    @Test
    void whenTokenRemoved_thenSlotIsEmptyTokenCallsFailAndReinsertionRestoresIt() {
        shim.control("removed");
        Result slots = pkcs11Tool(shim, "-L");
        assertThat(slots.exit()).as("%s", slots).isZero();
        assertThat(slots.stdout()).contains("(empty)").doesNotContain(LABEL);

        Result tokens = pkcs11Tool(shim, "-T");
        assertThat(tokens.exit()).as("%s", tokens).isNotZero();
        assertThat(tokens.output()).contains("No slots");

        Result objects = pkcs11Tool(shim, "-O", "--login", "--pin", USER_PIN);
        assertThat(objects.exit()).as("%s", objects).isNotZero();
        assertThat(shim.stats().get("C_OpenSession")).isZero();
        assertThat(shim.stats().get("C_Login")).isZero();
        assertThat(shim.stats().get("token_removed")).isEqualTo(1);

        shim.clearControl();
        Result back = pkcs11Tool(shim, "-T");
        assertThat(back.exit()).as("%s", back).isZero();
        assertThat(back.stdout()).contains(LABEL);
        assertThat(shim.stats().get("token_removed")).isZero();
    }

    @Test
    void whenTokenRemovedDuringSign_thenSigningFailsWithDeviceRemoved() {
        shim.control("remove-on C_Sign");
        Path signature = work.resolve("signature-removed");
        Result sign = pkcs11Tool(shim, "-s", "-m", "ECDSA", "--login", "--pin", USER_PIN, "--id", "01",
                "-i", data.toString(), "-o", signature.toString());
        assertThat(sign.exit()).as("%s", sign).isNotZero();
        assertThat(sign.stderr()).contains("CKR_DEVICE_REMOVED");
        P11Shim.Stats stats = shim.stats();
        assertThat(stats.get("C_Sign")).isEqualTo(1);
        assertThat(stats.get("generation")).isEqualTo(1);
        assertThat(stats.get("token_removed")).isEqualTo(1);
        assertThat(stats.get("open_sessions")).isZero();
        // pkcs11-tool retries with C_SignInit on the dead session: a stale use, before any reinsertion
        assertThat(stats.get("C_SignInit")).isEqualTo(2);
        assertThat(stats.get("stale_handle_uses")).isEqualTo(1);
        assertThat(stats.get("stale_handle_uses_after_reinsert")).isZero();
    }

    @Test
    void whenCantLockConfigured_thenLockingInitializeFailsAndPlainInitializeWorks() {
        shim.control("cant-lock");
        Result locking = pkcs11Tool(shim, "--use-locking", "-I");
        assertThat(locking.exit()).as("%s", locking).isNotZero();
        assertThat(locking.output()).contains("CKR_CANT_LOCK");
        assertThat(shim.stats().get("initialize_locking")).isEqualTo(1);
        assertThat(shim.stats().get("initialized")).isZero();

        Result plain = pkcs11Tool(shim, "-I");
        assertThat(plain.exit()).as("%s", plain).isZero();
        assertThat(shim.stats().get("initialize_nolock")).isEqualTo(1);

        shim.clearControl();
        Result lockingOk = pkcs11Tool(shim, "--use-locking", "-I");
        assertThat(lockingOk.exit()).as("%s", lockingOk).isZero();
        assertThat(shim.stats().get("initialize_locking")).isEqualTo(1);
    }

    @Test
    void whenPinpadPinConfigured_thenNullPinLoginIsCompletedByTheReader() {
        // protected authentication path: pkcs11-tool logs in with a NULL PIN
        shim.control("token-flags-set 0x100", "pinpad-pin " + USER_PIN);
        Result objects = pkcs11Tool(shim, "--login", "-O");
        assertThat(objects.exit()).as("%s", objects).isZero();
        assertThat(objects.stdout()).contains("Private Key Object");
        P11Shim.Stats stats = shim.stats();
        assertThat(stats.get("C_Login")).isEqualTo(1);
        assertThat(stats.get("login_null_pin")).isEqualTo(1);
        assertThat(stats.get("login_user")).isEqualTo(1);

        // without pinpad-pin the NULL PIN reaches SoftHSM, which rejects it
        shim.control("token-flags-set 0x100");
        Result noReader = pkcs11Tool(shim, "--login", "-O");
        assertThat(noReader.exit()).as("%s", noReader).isNotZero();
        assertThat(noReader.stderr()).contains("C_Login");
        assertThat(shim.stats().get("login_null_pin")).isEqualTo(1);
    }

    // -------------------------------------------------- sessions and removal

    @Test
    void whenOldSessionHandleUsedAcrossRemovalAndReinsertion_thenShimAnswersAndCountsStaleUses()
            throws IOException {
        Path driver = compileDriver();
        Result result = run(List.of(driver.toString(), shimLibrary.toString()), shimEnv(shim));
        assertThat(result.exit()).as("%s", result).isZero();
        Map<String, String> steps = new LinkedHashMap<>();
        for (String line : result.stdout().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) {
                steps.put(parts[0], parts[1]);
            }
        }
        String ok = "0x0";
        String deviceRemoved = "0x32";
        String sessionHandleInvalid = "0xb3";
        assertThat(steps)
                .as("driver output:\n%s", result.output())
                .containsEntry("init_locking", "0xa") // CKR_CANT_LOCK
                .containsEntry("init_null", ok)
                .containsEntry("open1", ok)
                .containsEntry("open2", ok)
                .containsEntry("info1", ok)
                .containsEntry("info1_removed", deviceRemoved)
                .containsEntry("info1_removed_again", sessionHandleInvalid)
                .containsEntry("open_removed", "0xe0") // CKR_TOKEN_NOT_PRESENT
                .containsEntry("tokeninfo_removed", "0xe0")
                .containsEntry("slots_removed", ok)
                .containsEntry("slots_removed_count", "0")
                .containsEntry("info1_reinserted", sessionHandleInvalid)
                .containsEntry("info2_reinserted", deviceRemoved) // first use of that session
                .containsEntry("close1", ok)
                .containsEntry("close2", ok)
                .containsEntry("open3", ok)
                .containsEntry("handle3_is_new", "1")
                .containsEntry("info3", ok)
                .containsEntry("close3", ok)
                .containsEntry("info3_closed", sessionHandleInvalid)
                .containsEntry("open4", ok)
                .containsEntry("random4_removed_while_delayed", deviceRemoved)
                .containsEntry("close4", ok)
                .containsEntry("finalize", ok);
        P11Shim.Stats stats = shim.stats();
        assertThat(stats.get("stale_handle_uses"))
                .as("%s", stats)
                .isEqualTo(6); // info1_removed(_again), info1/2_reinserted, info3_closed, random4
        assertThat(stats.get("stale_handle_uses_after_reinsert")).as("%s", stats).isEqualTo(2);
        assertThat(stats.get("generation")).isEqualTo(2);
        assertThat(stats.get("reinsertions")).isEqualTo(2);
        assertThat(stats.get("open_sessions")).isZero();
        assertThat(stats.get("C_Initialize")).isEqualTo(2);
        assertThat(stats.get("initialize_locking")).isEqualTo(1);
        assertThat(stats.get("initialize_nolock")).isEqualTo(1);
        assertThat(stats.get("C_CloseSession")).isEqualTo(4);
        assertThat(stats.get("C_Finalize")).isEqualTo(1);
        assertThat(stats.get("initialized")).isZero();
    }

    @Test
    void whenStatsSubtracted_thenEachCounterIsTheDifference() {
        P11Shim.Stats before = new P11Shim.Stats(Map.of("C_Login", 2L, "C_Sign", 1L));
        P11Shim.Stats after = new P11Shim.Stats(Map.of("C_Login", 3L, "C_Finalize", 1L));
        P11Shim.Stats delta = after.minus(before);
        assertThat(delta.get("C_Login")).isEqualTo(1);
        assertThat(delta.get("C_Finalize")).isEqualTo(1);
        assertThat(delta.get("C_Sign")).isEqualTo(-1);
        assertThat(delta.get("C_Never")).isZero();
        assertThat(shim.stats().counts()).isEmpty(); // nothing written yet
    }

    // ---------------------------------------------------------------- helpers

    record Result(int exit, String stdout, String stderr, Duration elapsed) {
        String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private static Result pkcs11Tool(P11Shim shim, String... args) {
        List<String> command = new ArrayList<>(List.of(pkcs11Tool.toString(), "--module", shimLibrary.toString()));
        command.addAll(List.of(args));
        return run(command, shimEnv(shim));
    }

    private static Map<String, String> softhsmEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("SOFTHSM2_CONF", softhsmConf.toString());
        return env;
    }

    private static Map<String, String> shimEnv(P11Shim shim) {
        Map<String, String> env = softhsmEnv();
        env.putAll(shim.environment(P11Shim.SOFTHSM2));
        return env;
    }

    private static Result run(List<String> command, Map<String, String> env) {
        try {
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().remove(P11Shim.ENV_DIR);
            builder.environment().remove(P11Shim.ENV_TARGET);
            builder.environment().putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + TIMEOUT + ": " + command);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), elapsed);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    private static Path requireTool(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : (path + ":/usr/bin:/usr/sbin").split(":")) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("'" + name + "' not found on PATH; the PKCS#11 shim tests need it"
                + " (Debian package " + debianPackage + ")");
    }

    private static Path compileDriver() throws IOException {
        Path gcc = requireTool("gcc", "gcc");
        Path source = work.resolve("shim-driver.c");
        Path binary = work.resolve("shim-driver");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Files.writeString(source, DRIVER_SOURCE);
        Result compile = run(List.of(gcc.toString(), "-std=c11", "-O1", "-Wall", "-Wextra", "-Werror",
                "-I/usr/include/p11-kit-1", "-o", binary.toString(), source.toString(), "-ldl", "-lpthread"),
                Map.of());
        assertThat(compile.exit()).as("compiling the shim test driver: %s", compile).isZero();
        return binary;
    }

    /**
     * Drives the shim through a removal and a reinsertion with raw PKCS#11 calls and prints one
     * "step 0xRV" line per call. It writes the control file itself (temp + rename, as the Java
     * helper does), so the sequence is deterministic.
     */
    private static final String DRIVER_SOURCE = """
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <time.h>
            #include <p11-kit/pkcs11.h>

            static const char *dir;

            static void control(const char *text)
            {
                char tmp[4096], path[4096];
                FILE *f;
                snprintf(tmp, sizeof tmp, "%.4000s/control.tmp", dir);
                snprintf(path, sizeof path, "%.4000s/control", dir);
                f = fopen(tmp, "w");
                if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
                    perror("control");
                    exit(3);
                }
            }

            static void sleep_ms(long ms)
            {
                struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
                nanosleep(&ts, NULL);
            }

            static void *remove_soon(void *arg)
            {
                (void)arg;
                sleep_ms(50);
                control("delay C_GenerateRandom 800\\nremoved\\n");
                return NULL;
            }

            #define STEP(name, expr) \\
                printf("%s 0x%lx\\n", name, (unsigned long)(expr)); \\
                fflush(stdout)

            int main(int argc, char **argv)
            {
                void *lib;
                CK_C_GetFunctionList gfl;
                CK_FUNCTION_LIST_PTR f;
                CK_C_INITIALIZE_ARGS args;
                CK_SLOT_ID slots[16], slot = 0;
                CK_ULONG n = 16, i;
                CK_TOKEN_INFO ti;
                CK_SESSION_INFO si;
                CK_SESSION_HANDLE s1 = 0, s2 = 0, s3 = 0, s4 = 0;
                CK_BYTE random[16];
                pthread_t thread;
                int found = 0;

                dir = getenv("PECHATKA_P11SHIM_DIR");
                if (argc != 2 || dir == NULL) {
                    fprintf(stderr, "usage: PECHATKA_P11SHIM_DIR=... %s SHIM\\n", argv[0]);
                    return 2;
                }
                lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
                if (lib == NULL) {
                    fprintf(stderr, "%s\\n", dlerror());
                    return 2;
                }
                gfl = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
                if (gfl == NULL || gfl(&f) != CKR_OK)
                    return 2;

                control("cant-lock\\n");
                memset(&args, 0, sizeof args);
                args.flags = CKF_OS_LOCKING_OK;
                STEP("init_locking", f->C_Initialize(&args));
                STEP("init_null", f->C_Initialize(NULL));
                control("");

                STEP("slots", f->C_GetSlotList(CK_TRUE, slots, &n));
                for (i = 0; i < n && !found; i++) {
                    if (f->C_GetTokenInfo(slots[i], &ti) == CKR_OK && (ti.flags & CKF_TOKEN_INITIALIZED)) {
                        slot = slots[i];
                        found = 1;
                    }
                }
                if (!found) {
                    fprintf(stderr, "no initialised token\\n");
                    return 2;
                }
                STEP("open1", f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s1));
                STEP("open2", f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s2));
                STEP("info1", f->C_GetSessionInfo(s1, &si));

                control("removed\\n");
                STEP("info1_removed", f->C_GetSessionInfo(s1, &si));
                STEP("info1_removed_again", f->C_GetSessionInfo(s1, &si));
                STEP("open_removed", f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s3));
                STEP("tokeninfo_removed", f->C_GetTokenInfo(slot, &ti));
                n = 16;
                STEP("slots_removed", f->C_GetSlotList(CK_TRUE, slots, &n));
                printf("slots_removed_count %lu\\n", (unsigned long)n);

                control(""); /* reinserted */
                STEP("info1_reinserted", f->C_GetSessionInfo(s1, &si));
                STEP("info2_reinserted", f->C_GetSessionInfo(s2, &si));
                STEP("close1", f->C_CloseSession(s1));
                STEP("close2", f->C_CloseSession(s2));
                STEP("open3", f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s3));
                printf("handle3_is_new %d\\n", s3 != s1 && s3 != s2 && s3 != 0);
                STEP("info3", f->C_GetSessionInfo(s3, &si));
                STEP("close3", f->C_CloseSession(s3));
                STEP("info3_closed", f->C_GetSessionInfo(s3, &si));

                /* removal while a delayed call is sleeping: the call sees it */
                control("delay C_GenerateRandom 800\\n");
                STEP("open4", f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s4));
                if (pthread_create(&thread, NULL, remove_soon, NULL) != 0)
                    return 2;
                STEP("random4_removed_while_delayed", f->C_GenerateRandom(s4, random, sizeof random));
                pthread_join(thread, NULL);
                control(""); /* reinserted */
                STEP("close4", f->C_CloseSession(s4));
                STEP("finalize", f->C_Finalize(NULL));
                return 0;
            }
            """;
}
