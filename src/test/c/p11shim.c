/*
 * p11shim - a fault-injection PKCS#11 (v2.40) module for Pechatka's tests.
 *
 * The shim is itself a PKCS#11 module: it exports C_GetFunctionList only
 * (every other entry point is static and reachable through the function
 * list), dlopen()s the real module named by PECHATKA_P11SHIM_TARGET and
 * forwards all 68 v2.40 functions to it.  A control file
 * ($PECHATKA_P11SHIM_DIR/control) injects faults; call statistics are written
 * to $PECHATKA_P11SHIM_DIR/stats after every call.  The control language and
 * the statistics are documented in docs/testing-p11shim.md.
 *
 * Build: src/test/c/build.sh OUTDIR
 */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#define SHIM_DEFAULT_TARGET "/usr/lib/softhsm/libsofthsm2.so"
#define SHIM_FIRST_HANDLE   0x5000UL
#define SHIM_MAX_FAILS      128
#define SHIM_CONTROL_MAX    65536
#define SHIM_PATH_MAX       4096
#define SHIM_PIN_MAX        256

/* All v2.40 functions, in CK_FUNCTION_LIST order. */
#define SHIM_FUNCTIONS(X)                                                      \
    X(C_Initialize) X(C_Finalize) X(C_GetInfo) X(C_GetFunctionList)            \
    X(C_GetSlotList) X(C_GetSlotInfo) X(C_GetTokenInfo) X(C_GetMechanismList)  \
    X(C_GetMechanismInfo) X(C_InitToken) X(C_InitPIN) X(C_SetPIN)             \
    X(C_OpenSession) X(C_CloseSession) X(C_CloseAllSessions)                   \
    X(C_GetSessionInfo) X(C_GetOperationState) X(C_SetOperationState)         \
    X(C_Login) X(C_Logout) X(C_CreateObject) X(C_CopyObject)                   \
    X(C_DestroyObject) X(C_GetObjectSize) X(C_GetAttributeValue)               \
    X(C_SetAttributeValue) X(C_FindObjectsInit) X(C_FindObjects)               \
    X(C_FindObjectsFinal) X(C_EncryptInit) X(C_Encrypt) X(C_EncryptUpdate)     \
    X(C_EncryptFinal) X(C_DecryptInit) X(C_Decrypt) X(C_DecryptUpdate)         \
    X(C_DecryptFinal) X(C_DigestInit) X(C_Digest) X(C_DigestUpdate)            \
    X(C_DigestKey) X(C_DigestFinal) X(C_SignInit) X(C_Sign) X(C_SignUpdate)    \
    X(C_SignFinal) X(C_SignRecoverInit) X(C_SignRecover) X(C_VerifyInit)       \
    X(C_Verify) X(C_VerifyUpdate) X(C_VerifyFinal) X(C_VerifyRecoverInit)      \
    X(C_VerifyRecover) X(C_DigestEncryptUpdate) X(C_DecryptDigestUpdate)       \
    X(C_SignEncryptUpdate) X(C_DecryptVerifyUpdate) X(C_GenerateKey)           \
    X(C_GenerateKeyPair) X(C_WrapKey) X(C_UnwrapKey) X(C_DeriveKey)            \
    X(C_SeedRandom) X(C_GenerateRandom) X(C_GetFunctionStatus)                 \
    X(C_CancelFunction) X(C_WaitForSlotEvent)

enum {
#define SHIM_ENUM(n) FN_##n,
    SHIM_FUNCTIONS(SHIM_ENUM)
#undef SHIM_ENUM
    FN_COUNT
};

static const char *const fn_names[FN_COUNT] = {
#define SHIM_NAME(n) #n,
    SHIM_FUNCTIONS(SHIM_NAME)
#undef SHIM_NAME
};

static const struct {
    const char *name;
    CK_RV rv;
} ckr_names[] = {
    {"CKR_OK", CKR_OK},
    {"CKR_CANCEL", CKR_CANCEL},
    {"CKR_HOST_MEMORY", CKR_HOST_MEMORY},
    {"CKR_SLOT_ID_INVALID", CKR_SLOT_ID_INVALID},
    {"CKR_GENERAL_ERROR", CKR_GENERAL_ERROR},
    {"CKR_FUNCTION_FAILED", CKR_FUNCTION_FAILED},
    {"CKR_ARGUMENTS_BAD", CKR_ARGUMENTS_BAD},
    {"CKR_CANT_LOCK", CKR_CANT_LOCK},
    {"CKR_DATA_INVALID", CKR_DATA_INVALID},
    {"CKR_DATA_LEN_RANGE", CKR_DATA_LEN_RANGE},
    {"CKR_DEVICE_ERROR", CKR_DEVICE_ERROR},
    {"CKR_DEVICE_MEMORY", CKR_DEVICE_MEMORY},
    {"CKR_DEVICE_REMOVED", CKR_DEVICE_REMOVED},
    {"CKR_FUNCTION_CANCELED", CKR_FUNCTION_CANCELED},
    {"CKR_FUNCTION_NOT_PARALLEL", CKR_FUNCTION_NOT_PARALLEL},
    {"CKR_FUNCTION_NOT_SUPPORTED", CKR_FUNCTION_NOT_SUPPORTED},
    {"CKR_KEY_HANDLE_INVALID", CKR_KEY_HANDLE_INVALID},
    {"CKR_KEY_TYPE_INCONSISTENT", CKR_KEY_TYPE_INCONSISTENT},
    {"CKR_MECHANISM_INVALID", CKR_MECHANISM_INVALID},
    {"CKR_MECHANISM_PARAM_INVALID", CKR_MECHANISM_PARAM_INVALID},
    {"CKR_OBJECT_HANDLE_INVALID", CKR_OBJECT_HANDLE_INVALID},
    {"CKR_OPERATION_ACTIVE", CKR_OPERATION_ACTIVE},
    {"CKR_OPERATION_NOT_INITIALIZED", CKR_OPERATION_NOT_INITIALIZED},
    {"CKR_PIN_INCORRECT", CKR_PIN_INCORRECT},
    {"CKR_PIN_INVALID", CKR_PIN_INVALID},
    {"CKR_PIN_LEN_RANGE", CKR_PIN_LEN_RANGE},
    {"CKR_PIN_EXPIRED", CKR_PIN_EXPIRED},
    {"CKR_PIN_LOCKED", CKR_PIN_LOCKED},
    {"CKR_SESSION_CLOSED", CKR_SESSION_CLOSED},
    {"CKR_SESSION_COUNT", CKR_SESSION_COUNT},
    {"CKR_SESSION_HANDLE_INVALID", CKR_SESSION_HANDLE_INVALID},
    {"CKR_SESSION_READ_ONLY", CKR_SESSION_READ_ONLY},
    {"CKR_SIGNATURE_INVALID", CKR_SIGNATURE_INVALID},
    {"CKR_SIGNATURE_LEN_RANGE", CKR_SIGNATURE_LEN_RANGE},
    {"CKR_TOKEN_NOT_PRESENT", CKR_TOKEN_NOT_PRESENT},
    {"CKR_TOKEN_NOT_RECOGNIZED", CKR_TOKEN_NOT_RECOGNIZED},
    {"CKR_TOKEN_WRITE_PROTECTED", CKR_TOKEN_WRITE_PROTECTED},
    {"CKR_USER_ALREADY_LOGGED_IN", CKR_USER_ALREADY_LOGGED_IN},
    {"CKR_USER_NOT_LOGGED_IN", CKR_USER_NOT_LOGGED_IN},
    {"CKR_USER_PIN_NOT_INITIALIZED", CKR_USER_PIN_NOT_INITIALIZED},
    {"CKR_USER_TYPE_INVALID", CKR_USER_TYPE_INVALID},
    {"CKR_USER_ANOTHER_ALREADY_LOGGED_IN", CKR_USER_ANOTHER_ALREADY_LOGGED_IN},
    {"CKR_BUFFER_TOO_SMALL", CKR_BUFFER_TOO_SMALL},
    {"CKR_CRYPTOKI_NOT_INITIALIZED", CKR_CRYPTOKI_NOT_INITIALIZED},
    {"CKR_CRYPTOKI_ALREADY_INITIALIZED", CKR_CRYPTOKI_ALREADY_INITIALIZED},
};

/* ------------------------------------------------------------------ state */

typedef struct {
    int fn;
    CK_RV rv;
    long times; /* -1: every call; otherwise calls left to fail */
} fail_rule;

typedef struct {
    fail_rule fails[SHIM_MAX_FAILS];
    int nfails;
    long delay_ms[FN_COUNT];
    int remove_on[FN_COUNT];
    CK_FLAGS flags_set;
    CK_FLAGS flags_clear;
    int removed;
    int cant_lock;
    int has_pinpad;
    char pinpad[SHIM_PIN_MAX];
} control_t;

typedef struct {
    CK_SESSION_HANDLE shim;
    CK_SESSION_HANDLE real;
    CK_SLOT_ID slot;
    unsigned long gen;
    int notified; /* already answered CKR_DEVICE_REMOVED once */
} sess_t;

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

/* configuration (environment) */
static int g_env_read;
static char g_target[SHIM_PATH_MAX];
static int g_have_dir;
static char g_dir[SHIM_PATH_MAX];

/* the real module */
static void *g_dl;
static char g_loaded_target[SHIM_PATH_MAX];
static CK_FUNCTION_LIST_PTR g_real;
static int g_initialized;

/* control file */
static control_t g_ctl;
static int g_ctl_loaded;
static int g_ctl_exists;
static struct stat g_ctl_st;
static char g_ctl_text[SHIM_CONTROL_MAX];
static size_t g_ctl_len;
static char g_read_buf[SHIM_CONTROL_MAX];

/* removal simulation */
static int g_latch_removed;    /* set by remove-on, reset by a new control version */
static int g_removed_effective;
static unsigned long g_generation;
static unsigned long g_reinsertions;
static CK_SESSION_HANDLE *g_gen_start; /* g_gen_start[g]: first handle issued in generation g */
static size_t g_gen_cap;

/* sessions */
static CK_SESSION_HANDLE g_next_handle = SHIM_FIRST_HANDLE;
static sess_t *g_sess;
static size_t g_nsess;
static size_t g_sess_cap;

/* statistics */
static unsigned long long g_counts[FN_COUNT];
static unsigned long long g_login_user;
static unsigned long long g_login_so;
static unsigned long long g_login_context_specific;
static unsigned long long g_login_null_pin;
static unsigned long long g_initialize_locking;
static unsigned long long g_initialize_nolock;
static unsigned long long g_stale;
static unsigned long long g_stale_after_reinsert;
static unsigned long long g_injected;
static int g_stats_warned;

static void lock(void) { pthread_mutex_lock(&g_mu); }
static void unlock(void) { pthread_mutex_unlock(&g_mu); }

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* -------------------------------------------------------- environment */

static void read_env(void)
{
    const char *t = getenv("PECHATKA_P11SHIM_TARGET");
    const char *d = getenv("PECHATKA_P11SHIM_DIR");
    int have = d != NULL && d[0] != '\0';

    if (t == NULL || t[0] == '\0')
        t = SHIM_DEFAULT_TARGET;
    if (strlen(t) >= sizeof g_target) {
        fprintf(stderr, "p11shim: PECHATKA_P11SHIM_TARGET is too long\n");
        t = SHIM_DEFAULT_TARGET;
    }
    strcpy(g_target, t);

    if (have && strlen(d) >= sizeof g_dir - 32) {
        fprintf(stderr, "p11shim: PECHATKA_P11SHIM_DIR is too long; control and stats disabled\n");
        have = 0;
    }
    if (have != g_have_dir || (have && strcmp(d, g_dir) != 0)) {
        g_have_dir = have;
        if (have)
            strcpy(g_dir, d);
        else
            g_dir[0] = '\0';
        g_ctl_loaded = 0; /* force a reload from the new place */
        g_stats_warned = 0;
    }
    g_env_read = 1;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList);

/* Loads g_target if it is not the loaded module. Called with the lock held. */
static int load_target(int verbose)
{
    void *h;
    CK_C_GetFunctionList gfl;
    CK_FUNCTION_LIST_PTR fl = NULL;
    CK_RV rv;

    if (g_real != NULL && strcmp(g_loaded_target, g_target) == 0)
        return 1;
    if (g_real != NULL && g_initialized)
        return 1; /* cannot switch modules while the old one is initialised */
    g_real = NULL;

    h = dlopen(g_target, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        if (verbose)
            fprintf(stderr, "p11shim: cannot load target module '%s': %s\n", g_target, dlerror());
        return 0;
    }
    gfl = (CK_C_GetFunctionList)dlsym(h, "C_GetFunctionList");
    if (gfl == NULL || gfl == C_GetFunctionList) {
        if (verbose)
            fprintf(stderr, "p11shim: target module '%s' %s\n", g_target,
                    gfl == NULL ? "has no C_GetFunctionList" : "is the shim itself");
        dlclose(h);
        return 0;
    }
    rv = gfl(&fl);
    if (rv != CKR_OK || fl == NULL) {
        if (verbose)
            fprintf(stderr, "p11shim: C_GetFunctionList of '%s' failed: 0x%lx\n", g_target,
                    (unsigned long)rv);
        dlclose(h);
        return 0;
    }
    /* The previous module (if any) stays loaded: unloading C++ modules is fragile. */
    g_dl = h;
    g_real = fl;
    strcpy(g_loaded_target, g_target);
    return 1;
}

/* ------------------------------------------------------------ sessions */

static sess_t *find_session(CK_SESSION_HANDLE h)
{
    size_t i;
    for (i = 0; i < g_nsess; i++)
        if (g_sess[i].shim == h)
            return &g_sess[i];
    return NULL;
}

static void remove_session_at(size_t i)
{
    g_sess[i] = g_sess[g_nsess - 1];
    g_nsess--;
}

static void remove_session(CK_SESSION_HANDLE h)
{
    size_t i;
    for (i = 0; i < g_nsess; i++) {
        if (g_sess[i].shim == h) {
            remove_session_at(i);
            return;
        }
    }
}

static CK_SESSION_HANDLE add_session(CK_SESSION_HANDLE real, CK_SLOT_ID slot)
{
    if (g_nsess == g_sess_cap) {
        size_t cap = g_sess_cap ? g_sess_cap * 2 : 16;
        sess_t *n = realloc(g_sess, cap * sizeof *n);
        if (n == NULL)
            return 0;
        g_sess = n;
        g_sess_cap = cap;
    }
    g_sess[g_nsess].shim = g_next_handle++;
    g_sess[g_nsess].real = real;
    g_sess[g_nsess].slot = slot;
    g_sess[g_nsess].gen = g_generation;
    g_sess[g_nsess].notified = 0;
    return g_sess[g_nsess++].shim;
}

static unsigned long open_sessions(void)
{
    unsigned long n = 0;
    size_t i;
    for (i = 0; i < g_nsess; i++)
        if (g_sess[i].gen == g_generation)
            n++;
    return n;
}

/* Generation in which a shim handle was issued (valid for handles < g_next_handle). */
static unsigned long generation_of(CK_SESSION_HANDLE h)
{
    unsigned long g = g_generation;
    while (g > 0 && g_gen_start != NULL && g_gen_start[g] > h)
        g--;
    return g;
}

/* ------------------------------------------------------- removal state */

static void close_all_real_sessions(void)
{
    CK_ULONG n = 0, i;
    CK_SLOT_ID *ids;

    if (!g_initialized || g_real == NULL)
        return;
    if (g_real->C_GetSlotList(CK_FALSE, NULL, &n) != CKR_OK || n == 0)
        return;
    ids = calloc(n, sizeof *ids);
    if (ids == NULL)
        return;
    if (g_real->C_GetSlotList(CK_FALSE, ids, &n) == CKR_OK)
        for (i = 0; i < n; i++)
            g_real->C_CloseAllSessions(ids[i]);
    free(ids);
}

static void enter_removed(void)
{
    g_removed_effective = 1;
    g_generation++;
    if (g_generation >= g_gen_cap) {
        size_t cap = g_gen_cap ? g_gen_cap * 2 : 16;
        CK_SESSION_HANDLE *n;
        while (cap <= g_generation)
            cap *= 2;
        n = realloc(g_gen_start, cap * sizeof *n);
        if (n != NULL) {
            if (g_gen_cap == 0)
                n[0] = SHIM_FIRST_HANDLE;
            g_gen_start = n;
            g_gen_cap = cap;
        }
    }
    if (g_generation < g_gen_cap)
        g_gen_start[g_generation] = g_next_handle;
    /* Every session alive now belongs to an older generation: it is dead. */
    close_all_real_sessions();
}

static void update_removed_state(void)
{
    int now = g_ctl.removed || g_latch_removed;
    if (now && !g_removed_effective) {
        enter_removed();
    } else if (!now && g_removed_effective) {
        g_removed_effective = 0;
        g_reinsertions++;
    }
}

/* -------------------------------------------------------- control file */

static int parse_fn(const char *s)
{
    int i;
    for (i = 0; i < FN_COUNT; i++)
        if (strcmp(s, fn_names[i]) == 0 || strcmp(s, fn_names[i] + 2) == 0)
            return i;
    return -1;
}

static int parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    unsigned long v;
    if (s == NULL || *s == '\0' || *s == '-')
        return 0;
    errno = 0;
    v = strtoul(s, &end, 0);
    if (errno != 0 || *end != '\0')
        return 0;
    *out = v;
    return 1;
}

static int parse_rv(const char *s, CK_RV *out)
{
    size_t i;
    unsigned long v;
    for (i = 0; i < sizeof ckr_names / sizeof ckr_names[0]; i++) {
        if (strcmp(s, ckr_names[i].name) == 0) {
            *out = ckr_names[i].rv;
            return 1;
        }
    }
    if (parse_ulong(s, &v)) {
        *out = v;
        return 1;
    }
    return 0;
}

static void control_warn(int lineno, const char *what, const char *arg)
{
    fprintf(stderr, "p11shim: %s/control line %d: %s '%s' (line ignored)\n", g_dir, lineno, what,
            arg ? arg : "");
}

static void parse_line(char *line, int lineno, control_t *c)
{
    char *tok[8];
    int n = 0;
    char *save = NULL;
    char *t;
    unsigned long v;
    int fn;
    CK_RV rv;

    for (t = strtok_r(line, " \t\r", &save); t != NULL && n < 8; t = strtok_r(NULL, " \t\r", &save)) {
        if (t[0] == '#')
            break;
        tok[n++] = t;
    }
    if (n == 0)
        return;

    if (strcmp(tok[0], "fail") == 0) {
        long times = -1;
        if (n != 3 && !(n == 5 && strcmp(tok[3], "times") == 0)) {
            control_warn(lineno, "usage: fail <C_Function> <CKR_NAME|0xHEX> [times N]:", tok[0]);
            return;
        }
        if ((fn = parse_fn(tok[1])) < 0) {
            control_warn(lineno, "unknown function", tok[1]);
            return;
        }
        if (!parse_rv(tok[2], &rv)) {
            control_warn(lineno, "unknown return code", tok[2]);
            return;
        }
        if (n == 5) {
            if (!parse_ulong(tok[4], &v)) {
                control_warn(lineno, "bad count", tok[4]);
                return;
            }
            times = (long)v;
        }
        if (c->nfails >= SHIM_MAX_FAILS) {
            control_warn(lineno, "too many fail rules", tok[1]);
            return;
        }
        c->fails[c->nfails].fn = fn;
        c->fails[c->nfails].rv = rv;
        c->fails[c->nfails].times = times;
        c->nfails++;
    } else if (strcmp(tok[0], "token-flags-set") == 0 || strcmp(tok[0], "token-flags-clear") == 0) {
        if (n != 2 || !parse_ulong(tok[1], &v)) {
            control_warn(lineno, "bad flags (expected 0xHEX)", n > 1 ? tok[1] : tok[0]);
            return;
        }
        if (strcmp(tok[0], "token-flags-set") == 0)
            c->flags_set |= v;
        else
            c->flags_clear |= v;
    } else if (strcmp(tok[0], "delay") == 0) {
        if (n != 3) {
            control_warn(lineno, "usage: delay <C_Function> <milliseconds>:", tok[0]);
            return;
        }
        if ((fn = parse_fn(tok[1])) < 0) {
            control_warn(lineno, "unknown function", tok[1]);
            return;
        }
        if (!parse_ulong(tok[2], &v) || v > 3600000UL) {
            control_warn(lineno, "bad milliseconds", tok[2]);
            return;
        }
        c->delay_ms[fn] = (long)v;
    } else if (strcmp(tok[0], "removed") == 0 && n == 1) {
        c->removed = 1;
    } else if (strcmp(tok[0], "remove-on") == 0) {
        if (n != 2 || (fn = parse_fn(tok[1])) < 0) {
            control_warn(lineno, "usage: remove-on <C_Function>:", n > 1 ? tok[1] : tok[0]);
            return;
        }
        c->remove_on[fn] = 1;
    } else if (strcmp(tok[0], "cant-lock") == 0 && n == 1) {
        c->cant_lock = 1;
    } else if (strcmp(tok[0], "pinpad-pin") == 0) {
        if (n != 2 || strlen(tok[1]) >= sizeof c->pinpad) {
            control_warn(lineno, "usage: pinpad-pin <PIN>:", tok[0]);
            return;
        }
        strcpy(c->pinpad, tok[1]);
        c->has_pinpad = 1;
    } else {
        control_warn(lineno, "unknown directive", tok[0]);
    }
}

static void parse_control(const char *text, size_t len, control_t *c)
{
    char line[1024];
    size_t i = 0;
    int lineno = 0;

    memset(c, 0, sizeof *c);
    while (i < len) {
        size_t j = i, l;
        while (j < len && text[j] != '\n')
            j++;
        lineno++;
        l = j - i;
        if (l >= sizeof line) {
            control_warn(lineno, "line too long", "");
        } else {
            memcpy(line, text + i, l);
            line[l] = '\0';
            parse_line(line, lineno, c);
        }
        i = j + 1;
    }
}

static int same_time(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* Re-reads the control file if it changed. Called with the lock held. */
static void control_refresh(void)
{
    int exists = 0;
    size_t len = 0;
    struct stat st;
    int changed;

    memset(&st, 0, sizeof st);
    if (g_have_dir) {
        char path[SHIM_PATH_MAX + 64];
        int fd;
        snprintf(path, sizeof path, "%s/control", g_dir);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            if (fstat(fd, &st) == 0) {
                ssize_t r;
                exists = 1;
                while (len < sizeof g_read_buf &&
                       ((r = read(fd, g_read_buf + len, sizeof g_read_buf - len)) > 0 ||
                        (r < 0 && errno == EINTR)))
                    if (r > 0)
                        len += (size_t)r;
            }
            close(fd);
        }
    }

    changed = !g_ctl_loaded || exists != g_ctl_exists;
    if (!changed && exists)
        changed = st.st_dev != g_ctl_st.st_dev || st.st_ino != g_ctl_st.st_ino ||
                  st.st_size != g_ctl_st.st_size || !same_time(&st.st_mtim, &g_ctl_st.st_mtim) ||
                  !same_time(&st.st_ctim, &g_ctl_st.st_ctim) || len != g_ctl_len ||
                  memcmp(g_read_buf, g_ctl_text, len) != 0;
    if (changed) {
        memcpy(g_ctl_text, g_read_buf, len);
        g_ctl_len = len;
        g_ctl_st = st;
        g_ctl_exists = exists;
        g_ctl_loaded = 1;
        parse_control(g_ctl_text, g_ctl_len, &g_ctl);
        g_latch_removed = 0;
    }
    update_removed_state();
}

static int take_fail(int fn, CK_RV *rv)
{
    int i;
    for (i = 0; i < g_ctl.nfails; i++) {
        fail_rule *r = &g_ctl.fails[i];
        if (r->fn != fn || r->times == 0)
            continue;
        if (r->times > 0)
            r->times--;
        *rv = r->rv;
        return 1;
    }
    return 0;
}

/* ---------------------------------------------------------- statistics */

typedef struct {
    char buf[8192];
    size_t n;
} strbuf;

static void put(strbuf *b, const char *name, unsigned long long v)
{
    int w;
    if (b->n >= sizeof b->buf)
        return;
    w = snprintf(b->buf + b->n, sizeof b->buf - b->n, "%s %llu\n", name, v);
    if (w > 0)
        b->n += (size_t)w;
}

/* Writes DIR/stats atomically. Called with the lock held. */
static void write_stats(void)
{
    strbuf b;
    char path[SHIM_PATH_MAX + 64], tmp[SHIM_PATH_MAX + 64];
    FILE *f;
    int i, ok;

    if (!g_have_dir)
        return;
    b.n = 0;
    for (i = 0; i < FN_COUNT; i++)
        put(&b, fn_names[i], g_counts[i]);
    put(&b, "login_user", g_login_user);
    put(&b, "login_so", g_login_so);
    put(&b, "login_context_specific", g_login_context_specific);
    put(&b, "login_null_pin", g_login_null_pin);
    put(&b, "initialize_locking", g_initialize_locking);
    put(&b, "initialize_nolock", g_initialize_nolock);
    put(&b, "stale_handle_uses", g_stale);
    put(&b, "stale_handle_uses_after_reinsert", g_stale_after_reinsert);
    put(&b, "generation", g_generation);
    put(&b, "reinsertions", g_reinsertions);
    put(&b, "open_sessions", open_sessions());
    put(&b, "injected_failures", g_injected);
    put(&b, "token_removed", (unsigned long long)g_removed_effective);
    put(&b, "initialized", (unsigned long long)g_initialized);
    put(&b, "pid", (unsigned long long)getpid());
    if (b.n >= sizeof b.buf)
        b.n = sizeof b.buf - 1;

    snprintf(path, sizeof path, "%s/stats", g_dir);
    snprintf(tmp, sizeof tmp, "%s/stats.tmp.%ld", g_dir, (long)getpid());
    f = fopen(tmp, "w");
    ok = f != NULL;
    if (f != NULL) {
        ok = fwrite(b.buf, 1, b.n, f) == b.n;
        ok = (fclose(f) == 0) && ok;
    }
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        if (!g_stats_warned)
            fprintf(stderr, "p11shim: cannot write %s: %s\n", path, strerror(errno));
        g_stats_warned = 1;
        unlink(tmp);
    }
}

/* -------------------------------------------------------- call framing */

#define F_SESSION 1u /* first argument is a session handle */
#define F_TOKEN   2u /* fails with CKR_TOKEN_NOT_PRESENT while the token is removed */

typedef struct {
    int fn;
    unsigned flags;
    CK_FUNCTION_LIST_PTR fl;
    CK_SESSION_HANDLE shim;
    CK_SESSION_HANDLE real;
    unsigned long gen;
    int forwarded;
    int removed;
    CK_RV rv;
    /* C_Initialize */
    CK_VOID_PTR init_args;
    /* C_Login */
    CK_USER_TYPE user_type;
    CK_UTF8CHAR_PTR pin;
    CK_ULONG pin_len;
    char pinbuf[SHIM_PIN_MAX];
} call_t;

static int wants_locking(CK_VOID_PTR args)
{
    return args != NULL && (((CK_C_INITIALIZE_ARGS_PTR)args)->flags & CKF_OS_LOCKING_OK) != 0;
}

/*
 * Decides what to do with a call to a session function whose handle is h.
 * Sets *forward to 0 when the call must not reach the real module (the
 * return value is then the result of the call).
 */
static CK_RV resolve_session(int fn, CK_SESSION_HANDLE h, CK_SESSION_HANDLE *real, int *forward)
{
    sess_t *s = find_session(h);
    int closing = fn == FN_C_CloseSession;

    *forward = 0;
    if (s != NULL && s->gen == g_generation) {
        *real = s->real;
        *forward = 1;
        return CKR_OK;
    }
    if (s != NULL) {
        /* alive when a removal happened: dead now */
        if (closing) {
            remove_session(h);
            return CKR_OK;
        }
        g_stale++;
        if (!g_removed_effective)
            g_stale_after_reinsert++;
        if (!s->notified) {
            s->notified = 1;
            return CKR_DEVICE_REMOVED;
        }
        return CKR_SESSION_HANDLE_INVALID;
    }
    if (h >= SHIM_FIRST_HANDLE && h < g_next_handle && generation_of(h) < g_generation) {
        /* issued before a removal, closed since */
        if (closing)
            return CKR_OK;
        g_stale++;
        if (!g_removed_effective)
            g_stale_after_reinsert++;
        return CKR_SESSION_HANDLE_INVALID;
    }
    /* never issued, or closed in the current generation */
    g_stale++;
    return CKR_SESSION_HANDLE_INVALID;
}

static void count_specials(call_t *c)
{
    if (c->fn == FN_C_Initialize) {
        if (wants_locking(c->init_args))
            g_initialize_locking++;
        else
            g_initialize_nolock++;
    } else if (c->fn == FN_C_Login) {
        if (c->user_type == CKU_USER)
            g_login_user++;
        else if (c->user_type == CKU_SO)
            g_login_so++;
        else if (c->user_type == CKU_CONTEXT_SPECIFIC)
            g_login_context_specific++;
        if (c->pin == NULL)
            g_login_null_pin++;
    }
}

/*
 * Start of every call except C_GetFunctionList. Returns 0 if the call is to
 * be forwarded through c->fl, 1 if it is answered by the shim (c->rv).
 */
static int call_begin(call_t *c, int fn, unsigned flags, CK_SESSION_HANDLE h)
{
    long delay;
    CK_RV rv;
    int forward;

    c->fn = fn;
    c->flags = flags;
    c->shim = h;
    c->forwarded = 0;

    lock();
    if (fn == FN_C_Initialize) {
        read_env();
        load_target(1);
    }
    control_refresh();
    g_counts[fn]++;
    count_specials(c);
    delay = g_ctl.delay_ms[fn];
    unlock();

    if (delay > 0)
        sleep_ms(delay);

    lock();
    if (delay > 0)
        control_refresh(); /* the control file may have changed while sleeping */
    if (fn == FN_C_Initialize) {
        if (g_real == NULL) {
            c->rv = CKR_GENERAL_ERROR;
            goto answered;
        }
    } else if (!g_initialized || g_real == NULL) {
        c->rv = CKR_CRYPTOKI_NOT_INITIALIZED;
        goto answered;
    }
    if (flags & F_SESSION) {
        rv = resolve_session(fn, h, &c->real, &forward);
        if (!forward) {
            c->rv = rv;
            goto answered;
        }
    }
    if (take_fail(fn, &rv)) {
        g_injected++;
        c->rv = rv;
        goto answered;
    }
    if (g_ctl.remove_on[fn] && !g_latch_removed) {
        /* This call reports the removal itself; the session (if any) still
         * answers its next use with CKR_DEVICE_REMOVED, like any session
         * that was alive when the token went away. */
        g_latch_removed = 1;
        update_removed_state();
        c->rv = CKR_DEVICE_REMOVED;
        goto answered;
    }
    if (fn == FN_C_Initialize && g_ctl.cant_lock && wants_locking(c->init_args)) {
        c->rv = CKR_CANT_LOCK;
        goto answered;
    }
    if ((flags & F_TOKEN) && g_removed_effective) {
        c->rv = CKR_TOKEN_NOT_PRESENT;
        goto answered;
    }
    if (fn == FN_C_Login && c->pin == NULL && g_ctl.has_pinpad) {
        strcpy(c->pinbuf, g_ctl.pinpad);
        c->pin = (CK_UTF8CHAR_PTR)c->pinbuf;
        c->pin_len = strlen(c->pinbuf);
    }
    c->removed = g_removed_effective;
    c->fl = g_real;
    c->gen = g_generation;
    c->forwarded = 1;
    unlock();
    return 0;

answered:
    c->removed = g_removed_effective;
    unlock();
    return 1;
}

static CK_RV call_end(call_t *c, CK_RV rv)
{
    lock();
    if (c->forwarded && (c->flags & F_SESSION) && c->gen != g_generation) {
        /* the token was removed while the real call was running */
        rv = CKR_DEVICE_REMOVED;
    }
    write_stats();
    unlock();
    if (c->pin == (CK_UTF8CHAR_PTR)c->pinbuf)
        memset(c->pinbuf, 0, sizeof c->pinbuf);
    return rv;
}

/* ------------------------------------------------ special entry points */

static CK_RV shim_C_Initialize(CK_VOID_PTR pInitArgs)
{
    call_t c = {0};
    CK_RV rv;

    c.init_args = pInitArgs;
    if (call_begin(&c, FN_C_Initialize, 0, 0))
        return call_end(&c, c.rv);
    rv = c.fl->C_Initialize(pInitArgs);
    if (rv == CKR_OK) {
        lock();
        g_initialized = 1;
        unlock();
    }
    return call_end(&c, rv);
}

static CK_RV shim_C_Finalize(CK_VOID_PTR pReserved)
{
    call_t c = {0};
    CK_RV rv;

    if (call_begin(&c, FN_C_Finalize, 0, 0))
        return call_end(&c, c.rv);
    rv = c.fl->C_Finalize(pReserved);
    if (rv == CKR_OK) {
        lock();
        g_initialized = 0;
        g_nsess = 0; /* every session is gone */
        unlock();
    }
    return call_end(&c, rv);
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList);

static CK_RV shim_C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount)
{
    call_t c = {0};

    if (call_begin(&c, FN_C_GetSlotList, 0, 0))
        return call_end(&c, c.rv);
    if (tokenPresent && c.removed) {
        if (pulCount == NULL)
            return call_end(&c, CKR_ARGUMENTS_BAD);
        *pulCount = 0;
        return call_end(&c, CKR_OK);
    }
    return call_end(&c, c.fl->C_GetSlotList(tokenPresent, pSlotList, pulCount));
}

static CK_RV shim_C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
    call_t c = {0};
    CK_RV rv;

    if (call_begin(&c, FN_C_GetSlotInfo, 0, 0))
        return call_end(&c, c.rv);
    rv = c.fl->C_GetSlotInfo(slotID, pInfo);
    lock();
    if (rv == CKR_OK && pInfo != NULL && g_removed_effective)
        pInfo->flags &= ~(CK_FLAGS)CKF_TOKEN_PRESENT;
    unlock();
    return call_end(&c, rv);
}

static CK_RV shim_C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
    call_t c = {0};
    CK_RV rv;

    if (call_begin(&c, FN_C_GetTokenInfo, F_TOKEN, 0))
        return call_end(&c, c.rv);
    rv = c.fl->C_GetTokenInfo(slotID, pInfo);
    lock();
    if (rv == CKR_OK && g_removed_effective)
        rv = CKR_TOKEN_NOT_PRESENT;
    else if (rv == CKR_OK && pInfo != NULL)
        pInfo->flags = (pInfo->flags | g_ctl.flags_set) & ~g_ctl.flags_clear;
    unlock();
    return call_end(&c, rv);
}

static CK_RV shim_C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication,
                                CK_NOTIFY Notify, CK_SESSION_HANDLE_PTR phSession)
{
    call_t c = {0};
    CK_SESSION_HANDLE real = 0, shim;
    CK_RV rv;

    (void)Notify; /* notifications would carry the real handle: never passed on */
    if (call_begin(&c, FN_C_OpenSession, F_TOKEN, 0))
        return call_end(&c, c.rv);
    if (phSession == NULL)
        return call_end(&c, CKR_ARGUMENTS_BAD);
    rv = c.fl->C_OpenSession(slotID, flags, pApplication, NULL, &real);
    if (rv == CKR_OK) {
        lock();
        if (c.gen != g_generation || g_removed_effective) {
            rv = CKR_DEVICE_REMOVED; /* removed while opening */
            shim = 0;
        } else {
            shim = add_session(real, slotID);
            if (shim == 0)
                rv = CKR_HOST_MEMORY;
        }
        unlock();
        if (rv == CKR_OK)
            *phSession = shim;
        else
            c.fl->C_CloseSession(real);
    }
    return call_end(&c, rv);
}

static CK_RV shim_C_CloseSession(CK_SESSION_HANDLE hSession)
{
    call_t c = {0};
    CK_RV rv;

    if (call_begin(&c, FN_C_CloseSession, F_SESSION, hSession))
        return call_end(&c, c.rv);
    rv = c.fl->C_CloseSession(c.real);
    lock();
    if (c.gen != g_generation)
        rv = CKR_OK; /* died of a removal meanwhile: closing it is the right thing */
    if (rv == CKR_OK || rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED)
        remove_session(hSession);
    c.forwarded = 0; /* no "removed during the call" rewrite in call_end */
    unlock();
    return call_end(&c, rv);
}

static CK_RV shim_C_CloseAllSessions(CK_SLOT_ID slotID)
{
    call_t c = {0};
    CK_RV rv;
    size_t i;

    if (call_begin(&c, FN_C_CloseAllSessions, 0, 0))
        return call_end(&c, c.rv);
    rv = c.fl->C_CloseAllSessions(slotID);
    if (rv == CKR_OK) {
        lock();
        for (i = g_nsess; i > 0; i--)
            if (g_sess[i - 1].slot == slotID)
                remove_session_at(i - 1);
        unlock();
    }
    return call_end(&c, rv);
}

static CK_RV shim_C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin,
                          CK_ULONG ulPinLen)
{
    call_t c = {0};

    c.user_type = userType;
    c.pin = pPin;
    c.pin_len = ulPinLen;
    if (call_begin(&c, FN_C_Login, F_SESSION, hSession))
        return call_end(&c, c.rv);
    return call_end(&c, c.fl->C_Login(c.real, userType, c.pin, c.pin_len));
}

/* ------------------------------------------------- plain forwarders */

#define FWD(NAME, FLAGS, PARAMS, ...)                                          \
    static CK_RV shim_##NAME PARAMS                                            \
    {                                                                          \
        call_t c = {0};                                                        \
        if (call_begin(&c, FN_##NAME, FLAGS, 0))                               \
            return call_end(&c, c.rv);                                         \
        return call_end(&c, c.fl->NAME(__VA_ARGS__));                          \
    }

#define FWD_S(NAME, PARAMS, ...)                                               \
    static CK_RV shim_##NAME PARAMS                                            \
    {                                                                          \
        call_t c = {0};                                                        \
        if (call_begin(&c, FN_##NAME, F_SESSION, hSession))                    \
            return call_end(&c, c.rv);                                         \
        return call_end(&c, c.fl->NAME(c.real, __VA_ARGS__));                  \
    }

#define FWD_S0(NAME)                                                           \
    static CK_RV shim_##NAME(CK_SESSION_HANDLE hSession)                       \
    {                                                                          \
        call_t c = {0};                                                        \
        if (call_begin(&c, FN_##NAME, F_SESSION, hSession))                    \
            return call_end(&c, c.rv);                                         \
        return call_end(&c, c.fl->NAME(c.real));                               \
    }

FWD(C_GetInfo, 0, (CK_INFO_PTR pInfo), pInfo)
FWD(C_GetMechanismList, F_TOKEN,
    (CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, CK_ULONG_PTR pulCount),
    slotID, pMechanismList, pulCount)
FWD(C_GetMechanismInfo, F_TOKEN,
    (CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo),
    slotID, type, pInfo)
FWD(C_InitToken, F_TOKEN,
    (CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel),
    slotID, pPin, ulPinLen, pLabel)
FWD(C_WaitForSlotEvent, 0, (CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved),
    flags, pSlot, pReserved)

FWD_S(C_InitPIN, (CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen),
      pPin, ulPinLen)
FWD_S(C_SetPIN,
      (CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen,
       CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen),
      pOldPin, ulOldLen, pNewPin, ulNewLen)
FWD_S(C_GetSessionInfo, (CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo), pInfo)
FWD_S(C_GetOperationState,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG_PTR pulOperationStateLen),
      pOperationState, pulOperationStateLen)
FWD_S(C_SetOperationState,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG ulOperationStateLen,
       CK_OBJECT_HANDLE hEncryptionKey, CK_OBJECT_HANDLE hAuthenticationKey),
      pOperationState, ulOperationStateLen, hEncryptionKey, hAuthenticationKey)
FWD_S0(C_Logout)
FWD_S(C_CreateObject,
      (CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
       CK_OBJECT_HANDLE_PTR phObject),
      pTemplate, ulCount, phObject)
FWD_S(C_CopyObject,
      (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
       CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phNewObject),
      hObject, pTemplate, ulCount, phNewObject)
FWD_S(C_DestroyObject, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject), hObject)
FWD_S(C_GetObjectSize, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize),
      hObject, pulSize)
FWD_S(C_GetAttributeValue,
      (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
       CK_ULONG ulCount),
      hObject, pTemplate, ulCount)
FWD_S(C_SetAttributeValue,
      (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
       CK_ULONG ulCount),
      hObject, pTemplate, ulCount)
FWD_S(C_FindObjectsInit, (CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount),
      pTemplate, ulCount)
FWD_S(C_FindObjects,
      (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, CK_ULONG ulMaxObjectCount,
       CK_ULONG_PTR pulObjectCount),
      phObject, ulMaxObjectCount, pulObjectCount)
FWD_S0(C_FindObjectsFinal)
FWD_S(C_EncryptInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),
      pMechanism, hKey)
FWD_S(C_Encrypt,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pEncryptedData,
       CK_ULONG_PTR pulEncryptedDataLen),
      pData, ulDataLen, pEncryptedData, pulEncryptedDataLen)
FWD_S(C_EncryptUpdate,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
       CK_ULONG_PTR pulEncryptedPartLen),
      pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen)
FWD_S(C_EncryptFinal,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart, CK_ULONG_PTR pulLastEncryptedPartLen),
      pLastEncryptedPart, pulLastEncryptedPartLen)
FWD_S(C_DecryptInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),
      pMechanism, hKey)
FWD_S(C_Decrypt,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData, CK_ULONG ulEncryptedDataLen,
       CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen),
      pEncryptedData, ulEncryptedDataLen, pData, pulDataLen)
FWD_S(C_DecryptUpdate,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen,
       CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen),
      pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen)
FWD_S(C_DecryptFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart, CK_ULONG_PTR pulLastPartLen),
      pLastPart, pulLastPartLen)
FWD_S(C_DigestInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism), pMechanism)
FWD_S(C_Digest,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pDigest,
       CK_ULONG_PTR pulDigestLen),
      pData, ulDataLen, pDigest, pulDigestLen)
FWD_S(C_DigestUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen),
      pPart, ulPartLen)
FWD_S(C_DigestKey, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey), hKey)
FWD_S(C_DigestFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen),
      pDigest, pulDigestLen)
FWD_S(C_SignInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),
      pMechanism, hKey)
FWD_S(C_Sign,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
       CK_ULONG_PTR pulSignatureLen),
      pData, ulDataLen, pSignature, pulSignatureLen)
FWD_S(C_SignUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen),
      pPart, ulPartLen)
FWD_S(C_SignFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen),
      pSignature, pulSignatureLen)
FWD_S(C_SignRecoverInit,
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),
      pMechanism, hKey)
FWD_S(C_SignRecover,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
       CK_ULONG_PTR pulSignatureLen),
      pData, ulDataLen, pSignature, pulSignatureLen)
FWD_S(C_VerifyInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),
      pMechanism, hKey)
FWD_S(C_Verify,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
       CK_ULONG ulSignatureLen),
      pData, ulDataLen, pSignature, ulSignatureLen)
FWD_S(C_VerifyUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen),
      pPart, ulPartLen)
FWD_S(C_VerifyFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen),
      pSignature, ulSignatureLen)
FWD_S(C_VerifyRecoverInit,
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey),
      pMechanism, hKey)
FWD_S(C_VerifyRecover,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen, CK_BYTE_PTR pData,
       CK_ULONG_PTR pulDataLen),
      pSignature, ulSignatureLen, pData, pulDataLen)
FWD_S(C_DigestEncryptUpdate,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
       CK_ULONG_PTR pulEncryptedPartLen),
      pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen)
FWD_S(C_DecryptDigestUpdate,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen,
       CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen),
      pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen)
FWD_S(C_SignEncryptUpdate,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
       CK_ULONG_PTR pulEncryptedPartLen),
      pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen)
FWD_S(C_DecryptVerifyUpdate,
      (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen,
       CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen),
      pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen)
FWD_S(C_GenerateKey,
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pTemplate,
       CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phKey),
      pMechanism, pTemplate, ulCount, phKey)
FWD_S(C_GenerateKeyPair,
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pPublicKeyTemplate,
       CK_ULONG ulPublicKeyAttributeCount, CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
       CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey,
       CK_OBJECT_HANDLE_PTR phPrivateKey),
      pMechanism, pPublicKeyTemplate, ulPublicKeyAttributeCount, pPrivateKeyTemplate,
      ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey)
FWD_S(C_WrapKey,
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hWrappingKey,
       CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen),
      pMechanism, hWrappingKey, hKey, pWrappedKey, pulWrappedKeyLen)
FWD_S(C_UnwrapKey,
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hUnwrappingKey,
       CK_BYTE_PTR pWrappedKey, CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate,
       CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey),
      pMechanism, hUnwrappingKey, pWrappedKey, ulWrappedKeyLen, pTemplate, ulAttributeCount, phKey)
FWD_S(C_DeriveKey,
      (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hBaseKey,
       CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey),
      pMechanism, hBaseKey, pTemplate, ulAttributeCount, phKey)
FWD_S(C_SeedRandom, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen),
      pSeed, ulSeedLen)
FWD_S(C_GenerateRandom, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData, CK_ULONG ulRandomLen),
      RandomData, ulRandomLen)
FWD_S0(C_GetFunctionStatus)
FWD_S0(C_CancelFunction)

/* ------------------------------------------------------ function list */

#define shim_C_GetFunctionList C_GetFunctionList

static CK_FUNCTION_LIST g_list = {
    .version = {CRYPTOKI_VERSION_MAJOR, CRYPTOKI_VERSION_MINOR},
#define SHIM_ENTRY(n) .n = shim_##n,
    SHIM_FUNCTIONS(SHIM_ENTRY)
#undef SHIM_ENTRY
};

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
    lock();
    if (!g_env_read)
        read_env();
    if (g_real == NULL)
        load_target(0); /* errors are reported by C_Initialize */
    g_counts[FN_C_GetFunctionList]++;
    control_refresh();
    write_stats();
    unlock();
    if (ppFunctionList == NULL)
        return CKR_ARGUMENTS_BAD;
    *ppFunctionList = &g_list;
    return CKR_OK;
}
