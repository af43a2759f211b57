/*
 * p11bign - a PKCS#11 (v2.40) test module with Belarusian bign and Russian
 * GOST R 34.10-2012 keys, for Pechatka's tests.  Test-only code: never shipped.
 *
 * One slot, one token, held in memory.  The token (label, PIN, flags, the
 * mechanisms it announces, curves, keys and certificates) is read from the
 * text file named by $PECHATKA_P11BIGN_CONF at every C_Initialize; objects
 * created or generated later live until C_Finalize.  Mechanisms:
 *
 *   CKM_BIGN 0x8001           bign (STB 34.101.45) over a given hash; the
 *                             parameter is the DER of the hash OID (STB 34.101.78)
 *   CKM_BIGN_HBELT 0x8002     bign-with-hbelt: the token hashes with belt-hash (l = 128)
 *   CKM_GOSTR3410 0x1201      GOST R 34.10-2012 (256) over a given 32-octet hash
 *   CKM_GOSTR3410_512 0xD4321006   the same, 512 bits, 64-octet hash (TC26)
 *   CKM_EC_KEY_PAIR_GEN 0x1040     bign keys on a configured curve (by CKA_EC_PARAMS)
 *   CKM_GOSTR3410_KEY_PAIR_GEN 0x1200, CKM_GOSTR3410_512_KEY_PAIR_GEN 0xD4321005
 *
 * belt-block and belt-hash (STB 34.101.31) are implemented here; OpenSSL's
 * libcrypto provides big numbers, prime-field curve arithmetic and random
 * numbers.  A power-on self-test at C_Initialize checks belt, bign and GOST
 * against the standards' examples.  The configuration format and the limits
 * are documented in docs/testing-p11bign.md.
 *
 * Build: src/test/c/build-p11bign.sh OUTDIR
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/rand.h>

#include <p11-kit/pkcs11.h>

/* Values defined outside OASIS PKCS#11 (STB 34.101.78; TC26 extension). */
#define CKM_BIGN                       0x00008001UL
#define CKM_BIGN_HBELT                 0x00008002UL
#define CKK_GOSTR3410_512              0xD4321003UL
#define CKM_GOSTR3410_512_KEY_PAIR_GEN 0xD4321005UL
#define CKM_GOSTR3410_512              0xD4321006UL

#define CONF_ENV        "PECHATKA_P11BIGN_CONF"
#define OID_MAX         64   /* longest OID DER accepted as a mechanism parameter */
#define NAME_MAX_LEN    64   /* curve/key/certificate names in the configuration */
#define PIN_MAX_LEN     64
#define FIRST_HANDLE    1UL

/* belt-hash OID 1.2.112.0.2.0.34.101.31.81, the hash of CKM_BIGN_HBELT. */
static const uint8_t BELT_HASH_OID[] = {0x06, 0x09, 0x2A, 0x70, 0x00, 0x02, 0x00, 0x22, 0x65, 0x1F, 0x51};
/* Streebog OIDs, the default CKA_GOSTR3411_PARAMS of GOST keys. */
static const uint8_t STREEBOG256_OID[] = {0x06, 0x08, 0x2A, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x02};
static const uint8_t STREEBOG512_OID[] = {0x06, 0x08, 0x2A, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x03};

static const CK_BBOOL TRUE_ = CK_TRUE;
static const CK_BBOOL FALSE_ = CK_FALSE;

/* ================================================================ bytes */

static uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void xor16(uint8_t *out, const uint8_t *a, const uint8_t *b)
{
    int i;
    for (i = 0; i < 16; i++)
        out[i] = a[i] ^ b[i];
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decodes hex (no separators) into a new buffer; *out is NULL for "". 0 on bad input. */
static int hex_decode(const char *s, uint8_t **out, size_t *len)
{
    size_t n = strlen(s), i;
    uint8_t *b;

    *out = NULL;
    *len = 0;
    if (n % 2 != 0)
        return 0;
    if (n == 0)
        return 1;
    b = malloc(n / 2);
    if (b == NULL)
        return 0;
    for (i = 0; i < n / 2; i++) {
        int hi = hex_value((unsigned char)s[2 * i]), lo = hex_value((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(b);
            return 0;
        }
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    *out = b;
    *len = n / 2;
    return 1;
}

static void *memdup(const void *p, size_t n)
{
    void *d;
    if (n == 0)
        return NULL;
    d = malloc(n);
    if (d != NULL)
        memcpy(d, p, n);
    return d;
}

/* Copies a string into a blank-padded, not terminated PKCS#11 text field. */
static void pad_copy(CK_UTF8CHAR *field, size_t size, const char *s)
{
    size_t n = strlen(s);
    memset(field, ' ', size);
    memcpy(field, s, n < size ? n : size);
}

/* ================================================================ DER */

/*
 * Reads one DER TLV at p (avail octets): tag, header length and content
 * length.  Definite lengths up to 4 length octets.  0 if malformed.
 */
static int der_tlv(const uint8_t *p, size_t avail, uint8_t *tag, size_t *hdr, size_t *content)
{
    size_t len, n, i;

    if (avail < 2)
        return 0;
    *tag = p[0];
    if ((p[0] & 0x1F) == 0x1F)
        return 0; /* multi-octet tags: not needed here */
    if (p[1] < 0x80) {
        len = p[1];
        n = 0;
    } else {
        n = p[1] & 0x7F;
        if (n == 0 || n > 4 || avail < 2 + n)
            return 0;
        for (len = 0, i = 0; i < n; i++)
            len = len << 8 | p[2 + i];
    }
    if (len > avail - 2 - n)
        return 0;
    *hdr = 2 + n;
    *content = len;
    return 1;
}

/* Whether p is exactly one well-formed DER OBJECT IDENTIFIER. */
static int der_is_oid(const uint8_t *p, size_t n)
{
    uint8_t tag;
    size_t hdr, len, i;

    if (p == NULL || !der_tlv(p, n, &tag, &hdr, &len) || tag != 0x06 || hdr + len != n || len == 0)
        return 0;
    if (p[n - 1] & 0x80)
        return 0; /* the last subidentifier is unterminated */
    for (i = hdr; i < n; i++)
        if (p[i] == 0x80 && (i == hdr || !(p[i - 1] & 0x80)))
            return 0; /* a subidentifier with a leading 0x80 octet */
    return 1;
}

/* Wraps content into a DER TLV with this tag (new buffer). */
static uint8_t *der_wrap(uint8_t tag, const uint8_t *content, size_t len, size_t *out_len)
{
    size_t hdr = len < 0x80 ? 2 : len <= 0xFF ? 3 : 4;
    uint8_t *out;

    if (len > 0xFFFF)
        return NULL;
    out = malloc(hdr + len);
    if (out == NULL)
        return NULL;
    out[0] = tag;
    if (hdr == 2) {
        out[1] = (uint8_t)len;
    } else if (hdr == 3) {
        out[1] = 0x81;
        out[2] = (uint8_t)len;
    } else {
        out[1] = 0x82;
        out[2] = (uint8_t)(len >> 8);
        out[3] = (uint8_t)len;
    }
    if (len > 0)
        memcpy(out + hdr, content, len);
    *out_len = hdr + len;
    return out;
}

/* Where an X.509 certificate keeps its issuer, subject and serial number (whole TLVs). */
typedef struct {
    const uint8_t *serial, *issuer, *subject;
    size_t serial_len, issuer_len, subject_len;
} cert_names_t;

/* Finds the names in a certificate's DER; 0 if it is not a certificate. */
static int der_cert_names(const uint8_t *der, size_t n, cert_names_t *out)
{
    uint8_t tag;
    size_t hdr, len, pos, end;
    const uint8_t *tlv[6];
    size_t tlv_len[6];
    int i;

    /* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { ... }, ... } */
    if (!der_tlv(der, n, &tag, &hdr, &len) || tag != 0x30)
        return 0;
    pos = hdr;
    if (!der_tlv(der + pos, n - pos, &tag, &hdr, &len) || tag != 0x30)
        return 0;
    end = pos + hdr + len;
    pos += hdr;
    /* [0] version (optional), serialNumber, signature, issuer, validity, subject */
    if (pos < end && der[pos] == 0xA0) {
        if (!der_tlv(der + pos, end - pos, &tag, &hdr, &len))
            return 0;
        pos += hdr + len;
    }
    for (i = 0; i < 5; i++) {
        if (pos >= end || !der_tlv(der + pos, end - pos, &tag, &hdr, &len))
            return 0;
        tlv[i] = der + pos;
        tlv_len[i] = hdr + len;
        pos += hdr + len;
    }
    if (tlv[0][0] != 0x02 || tlv[2][0] != 0x30 || tlv[4][0] != 0x30)
        return 0;
    out->serial = tlv[0];
    out->serial_len = tlv_len[0];
    out->issuer = tlv[2];
    out->issuer_len = tlv_len[2];
    out->subject = tlv[4];
    out->subject_len = tlv_len[4];
    return 1;
}

/* ================================================================ belt (STB 34.101.31) */

/* The substitution H (STB 34.101.31, table 1); belt-hash also starts from its first 32 octets. */
static const uint8_t BELT_H[256] = {
    0xB1, 0x94, 0xBA, 0xC8, 0x0A, 0x08, 0xF5, 0x3B, 0x36, 0x6D, 0x00, 0x8E, 0x58, 0x4A, 0x5D, 0xE4,
    0x85, 0x04, 0xFA, 0x9D, 0x1B, 0xB6, 0xC7, 0xAC, 0x25, 0x2E, 0x72, 0xC2, 0x02, 0xFD, 0xCE, 0x0D,
    0x5B, 0xE3, 0xD6, 0x12, 0x17, 0xB9, 0x61, 0x81, 0xFE, 0x67, 0x86, 0xAD, 0x71, 0x6B, 0x89, 0x0B,
    0x5C, 0xB0, 0xC0, 0xFF, 0x33, 0xC3, 0x56, 0xB8, 0x35, 0xC4, 0x05, 0xAE, 0xD8, 0xE0, 0x7F, 0x99,
    0xE1, 0x2B, 0xDC, 0x1A, 0xE2, 0x82, 0x57, 0xEC, 0x70, 0x3F, 0xCC, 0xF0, 0x95, 0xEE, 0x8D, 0xF1,
    0xC1, 0xAB, 0x76, 0x38, 0x9F, 0xE6, 0x78, 0xCA, 0xF7, 0xC6, 0xF8, 0x60, 0xD5, 0xBB, 0x9C, 0x4F,
    0xF3, 0x3C, 0x65, 0x7B, 0x63, 0x7C, 0x30, 0x6A, 0xDD, 0x4E, 0xA7, 0x79, 0x9E, 0xB2, 0x3D, 0x31,
    0x3E, 0x98, 0xB5, 0x6E, 0x27, 0xD3, 0xBC, 0xCF, 0x59, 0x1E, 0x18, 0x1F, 0x4C, 0x5A, 0xB7, 0x93,
    0xE9, 0xDE, 0xE7, 0x2C, 0x8F, 0x0C, 0x0F, 0xA6, 0x2D, 0xDB, 0x49, 0xF4, 0x6F, 0x73, 0x96, 0x47,
    0x06, 0x07, 0x53, 0x16, 0xED, 0x24, 0x7A, 0x37, 0x39, 0xCB, 0xA3, 0x83, 0x03, 0xA9, 0x8B, 0xF6,
    0x92, 0xBD, 0x9B, 0x1C, 0xE5, 0xD1, 0x41, 0x01, 0x54, 0x45, 0xFB, 0xC9, 0x5E, 0x4D, 0x0E, 0xF2,
    0x68, 0x20, 0x80, 0xAA, 0x22, 0x7D, 0x64, 0x2F, 0x26, 0x87, 0xF9, 0x34, 0x90, 0x40, 0x55, 0x11,
    0xBE, 0x32, 0x97, 0x13, 0x43, 0xFC, 0x9A, 0x48, 0xA0, 0x2A, 0x88, 0x5F, 0x19, 0x4B, 0x09, 0xA1,
    0x7E, 0xCD, 0xA4, 0xD0, 0x15, 0x44, 0xAF, 0x8C, 0xA5, 0x84, 0x50, 0xBF, 0x66, 0xD2, 0xE8, 0x8A,
    0xA2, 0xD7, 0x46, 0x52, 0x42, 0xA8, 0xDF, 0xB3, 0x69, 0x74, 0xC5, 0x51, 0xEB, 0x23, 0x29, 0x21,
    0xD4, 0xEF, 0xD9, 0xB4, 0x3A, 0x62, 0x28, 0x75, 0x91, 0x14, 0x10, 0xEA, 0x77, 0x6C, 0xDA, 0x1D,
};

/* G_r: H applied to each octet of the (little-endian) word, then a left rotation by r. */
static uint32_t belt_g(uint32_t x, unsigned r)
{
    uint32_t y = (uint32_t)BELT_H[x & 0xFF] | (uint32_t)BELT_H[x >> 8 & 0xFF] << 8 |
                 (uint32_t)BELT_H[x >> 16 & 0xFF] << 16 | (uint32_t)BELT_H[x >> 24] << 24;
    return y << r | y >> (32 - r);
}

/* belt-block encryption of one 128-bit block under a 256-bit key; out may be in. */
static void belt_block(uint8_t out[16], const uint8_t in[16], const uint8_t key[32])
{
    uint32_t k[8], a, b, c, d, e, t;
    unsigned i, j;

    for (j = 0; j < 8; j++)
        k[j] = load_le32(key + 4 * j);
    a = load_le32(in);
    b = load_le32(in + 4);
    c = load_le32(in + 8);
    d = load_le32(in + 12);
    for (i = 1; i <= 8; i++) {
        /* round i uses the round keys K_{7i-6} .. K_{7i}, K_j = k[(j - 1) mod 8] */
        uint32_t rk[7];
        for (j = 0; j < 7; j++)
            rk[j] = k[(7 * (i - 1) + j) % 8];
        b ^= belt_g(a + rk[0], 5);
        c ^= belt_g(d + rk[1], 21);
        a -= belt_g(b + rk[2], 13);
        e = belt_g(b + c + rk[3], 21) ^ i;
        b += e;
        c -= e;
        d += belt_g(c + rk[4], 13);
        b ^= belt_g(a + rk[5], 21);
        c ^= belt_g(d + rk[6], 5);
        t = a, a = b, b = t;
        t = c, c = d, d = t;
        t = b, b = c, c = t;
    }
    store_le32(out, b);
    store_le32(out + 4, d);
    store_le32(out + 8, a);
    store_le32(out + 12, c);
}

typedef struct {
    uint8_t h[32];     /* chaining value */
    uint8_t s[16];     /* XOR of the sigma1 values of all blocks */
    uint64_t bits_lo;  /* message length in bits, 128-bit counter */
    uint64_t bits_hi;
    uint8_t block[32]; /* a partial block */
    size_t filled;
} belt_hash_ctx;

/*
 * belt-compress on X = x || h (x: 32 octets of data, h: the chaining value):
 * h <- sigma2(X); s ^= sigma1(X) when s is not NULL.
 *   sigma1 = belt-block(u3 ^ u4, u1 || u2) ^ u3 ^ u4
 *   sigma2 = (belt-block(u1, sigma1 || u4) ^ u1) || (belt-block(u2, ~sigma1 || u3) ^ u2)
 */
static void belt_compress(uint8_t h[32], uint8_t *s, const uint8_t x[32])
{
    uint8_t u34[16], sigma1[16], key[32], y[32];
    int i;

    xor16(u34, h, h + 16);
    belt_block(sigma1, u34, x);
    xor16(sigma1, sigma1, u34);
    if (s != NULL)
        xor16(s, s, sigma1);
    memcpy(key, sigma1, 16);
    memcpy(key + 16, h + 16, 16);
    belt_block(y, x, key);
    xor16(y, y, x);
    for (i = 0; i < 16; i++)
        key[i] = (uint8_t)~sigma1[i];
    memcpy(key + 16, h, 16);
    belt_block(y + 16, x + 16, key);
    xor16(y + 16, y + 16, x + 16);
    memcpy(h, y, 32);
}

static void belt_hash_init(belt_hash_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    memcpy(ctx->h, BELT_H, 32);
}

static void belt_hash_update(belt_hash_ctx *ctx, const uint8_t *data, size_t n)
{
    uint64_t add = (uint64_t)n << 3;

    ctx->bits_hi += (uint64_t)n >> 61;
    ctx->bits_lo += add;
    if (ctx->bits_lo < add)
        ctx->bits_hi++;
    while (n > 0) {
        size_t take = 32 - ctx->filled;
        if (take > n)
            take = n;
        memcpy(ctx->block + ctx->filled, data, take);
        ctx->filled += take;
        data += take;
        n -= take;
        if (ctx->filled == 32) {
            belt_compress(ctx->h, ctx->s, ctx->block);
            ctx->filled = 0;
        }
    }
}

/* The hash of everything so far; ctx is left as it is (more data may follow). */
static void belt_hash_final(const belt_hash_ctx *ctx, uint8_t out[32])
{
    uint8_t h[32], s[16], last[32];
    int i;

    memcpy(h, ctx->h, 32);
    memcpy(s, ctx->s, 16);
    if (ctx->filled > 0) {
        memcpy(last, ctx->block, ctx->filled);
        memset(last + ctx->filled, 0, 32 - ctx->filled);
        belt_compress(h, s, last);
    }
    for (i = 0; i < 8; i++) {
        last[i] = (uint8_t)(ctx->bits_lo >> (8 * i));
        last[8 + i] = (uint8_t)(ctx->bits_hi >> (8 * i));
    }
    memcpy(last + 16, s, 16);
    belt_compress(h, NULL, last);
    memcpy(out, h, 32);
}

static void belt_hash(const uint8_t *data, size_t n, uint8_t out[32])
{
    belt_hash_ctx ctx;
    belt_hash_init(&ctx);
    belt_hash_update(&ctx, data, n);
    belt_hash_final(&ctx, out);
}

/* ================================================================ curves */

/* A prime-field Weierstrass curve y^2 = x^3 + ax + b (mod p) with a base point of prime order q. */
typedef struct curve {
    char name[NAME_MAX_LEN];
    uint8_t *oid;      /* DER of its OID: matched against CKA_EC_PARAMS / CKA_GOSTR3410_PARAMS */
    size_t oid_len;
    EC_GROUP *group;
    size_t field_len;  /* octets of p: l/4 for bign, 32 or 64 for GOST */
    struct curve *next;
} curve_t;

static const BIGNUM *curve_order(const curve_t *c)
{
    return EC_GROUP_get0_order(c->group);
}

static void curve_free(curve_t *c)
{
    if (c == NULL)
        return;
    EC_GROUP_free(c->group);
    free(c->oid);
    free(c);
}

/*
 * Builds and checks a curve: p and q prime, G on the curve, q*G = O.
 * NULL with *why set when the parameters are wrong (or memory runs out).
 */
static curve_t *curve_new(const char *name, const BIGNUM *p, const BIGNUM *a, const BIGNUM *b,
                          const BIGNUM *q, const BIGNUM *gx, const BIGNUM *gy, const char **why)
{
    BN_CTX *ctx = BN_CTX_new();
    curve_t *c = calloc(1, sizeof *c);
    EC_POINT *g = NULL, *t = NULL;
    BIGNUM *q1 = BN_new();
    int ok = 0;

    *why = "out of memory";
    if (ctx == NULL || c == NULL || q1 == NULL)
        goto done;
    snprintf(c->name, sizeof c->name, "%s", name);
    *why = "p is not an odd prime";
    if (BN_check_prime(p, ctx, NULL) != 1 || BN_num_bits(p) < 128)
        goto done;
    *why = "q is not a prime";
    if (BN_check_prime(q, ctx, NULL) != 1)
        goto done;
    *why = "p, a, b do not define a curve";
    c->group = EC_GROUP_new_curve_GFp(p, a, b, ctx);
    if (c->group == NULL)
        goto done;
    *why = "G is not on the curve";
    g = EC_POINT_new(c->group);
    t = EC_POINT_new(c->group);
    if (g == NULL || t == NULL || !EC_POINT_set_affine_coordinates(c->group, g, gx, gy, ctx) ||
        EC_POINT_is_on_curve(c->group, g, ctx) != 1)
        goto done;
    *why = "q is not the order of G";
    if (!EC_GROUP_set_generator(c->group, g, q, BN_value_one()) || !BN_sub(q1, q, BN_value_one()) ||
        !EC_POINT_mul(c->group, t, q1, NULL, NULL, ctx) || !EC_POINT_add(c->group, t, t, g, ctx) ||
        !EC_POINT_is_at_infinity(c->group, t))
        goto done;
    c->field_len = (size_t)BN_num_bytes(p);
    ok = 1;
done:
    EC_POINT_free(g);
    EC_POINT_free(t);
    BN_free(q1);
    BN_CTX_free(ctx);
    if (!ok) {
        curve_free(c);
        return NULL;
    }
    return c;
}

/* x_LE || y_LE of a point (2 * field_len octets): the STB public key, the GOST CKA_VALUE. */
static int point_to_le(const curve_t *c, const EC_POINT *pt, uint8_t *out)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *x = BN_new(), *y = BN_new();
    int n = (int)c->field_len;
    int ok = ctx != NULL && x != NULL && y != NULL &&
             EC_POINT_get_affine_coordinates(c->group, pt, x, y, ctx) &&
             BN_bn2lebinpad(x, out, n) == n && BN_bn2lebinpad(y, out + n, n) == n;
    BN_free(x);
    BN_free(y);
    BN_CTX_free(ctx);
    return ok;
}

/* 04 || x_BE || y_BE, the X9.62 uncompressed point (1 + 2 * field_len octets). */
static int point_to_x962(const curve_t *c, const EC_POINT *pt, uint8_t *out)
{
    size_t n = 1 + 2 * c->field_len;
    return EC_POINT_point2oct(c->group, pt, POINT_CONVERSION_UNCOMPRESSED, out, n, NULL) == n;
}

/* A random scalar in [1, q-1]. */
static int random_scalar(BIGNUM *k, const BIGNUM *q)
{
    do {
        if (!BN_priv_rand_range(k, q))
            return 0;
    } while (BN_is_zero(k));
    return 1;
}

/* ================================================================ bign (STB 34.101.45) */

/* The first l/8 octets of belt-hash(oid || x(R)_LE || hash): S0 when signing, its check when verifying. */
static int bign_s0(const curve_t *c, const EC_POINT *r, const uint8_t *oid, size_t oid_len,
                   const uint8_t *hash, uint8_t *s0)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *x = BN_new();
    uint8_t x_le[64], digest[32];
    belt_hash_ctx hc;
    int n = (int)c->field_len;
    int ok = ctx != NULL && x != NULL && EC_POINT_get_affine_coordinates(c->group, r, x, NULL, ctx) &&
             BN_bn2lebinpad(x, x_le, n) == n;

    if (ok) {
        belt_hash_init(&hc);
        belt_hash_update(&hc, oid, oid_len);
        belt_hash_update(&hc, x_le, c->field_len);
        belt_hash_update(&hc, hash, c->field_len);
        belt_hash_final(&hc, digest);
        memcpy(s0, digest, c->field_len / 2);
    }
    BN_free(x);
    BN_CTX_free(ctx);
    return ok;
}

/*
 * bign signature of a hash (field_len octets) with private key d:
 *   R = kG, S0 = first l/8 octets of belt-hash(oid || x(R) || H),
 *   S1 = (k - H - (S0 + 2^l) d) mod q;  sig = S0 || S1 (LE), 3 * field_len / 2 octets.
 * k_fixed: the k of a known-answer test, NULL for a random k.
 */
static int bign_sign(const curve_t *c, const BIGNUM *d, const uint8_t *oid, size_t oid_len,
                     const uint8_t *hash, const BIGNUM *k_fixed, uint8_t *sig)
{
    const BIGNUM *q = curve_order(c);
    size_t no = c->field_len;
    BN_CTX *ctx = BN_CTX_new();
    EC_POINT *r = EC_POINT_new(c->group);
    BIGNUM *k, *t, *h, *s1;
    int ok = 0;

    if (ctx == NULL || r == NULL)
        goto done;
    BN_CTX_start(ctx);
    k = BN_CTX_get(ctx);
    t = BN_CTX_get(ctx);
    h = BN_CTX_get(ctx);
    s1 = BN_CTX_get(ctx);
    if (s1 == NULL)
        goto end;
    BN_set_flags(k, BN_FLG_CONSTTIME);
    if (k_fixed != NULL ? BN_copy(k, k_fixed) == NULL : !random_scalar(k, q))
        goto end;
    if (!EC_POINT_mul(c->group, r, k, NULL, NULL, ctx) || !bign_s0(c, r, oid, oid_len, hash, sig))
        goto end;
    /* t = (S0 + 2^l) d mod q, l = 4 * field_len bits */
    if (!BN_lebin2bn(sig, (int)(no / 2), t) || !BN_set_bit(t, (int)(4 * no)) ||
        !BN_mod_mul(t, t, d, q, ctx))
        goto end;
    if (!BN_lebin2bn(hash, (int)no, h) || !BN_nnmod(h, h, q, ctx))
        goto end;
    if (!BN_mod_sub(s1, k, t, q, ctx) || !BN_mod_sub(s1, s1, h, q, ctx))
        goto end;
    ok = BN_bn2lebinpad(s1, sig + no / 2, (int)no) == (int)no;
end:
    BN_CTX_end(ctx);
done:
    EC_POINT_free(r);
    BN_CTX_free(ctx);
    return ok;
}

/*
 * bign verification (bee2 bignVerify): S1 < q; R = ((S1 + H) mod q) G + (S0 + 2^l) Q;
 * valid iff R != O and S0 = first l/8 octets of belt-hash(oid || x(R) || H).
 * 1 valid, 0 invalid, -1 error.
 */
static int bign_verify(const curve_t *c, const EC_POINT *pub, const uint8_t *oid, size_t oid_len,
                       const uint8_t *hash, const uint8_t *sig)
{
    const BIGNUM *q = curve_order(c);
    size_t no = c->field_len;
    BN_CTX *ctx = BN_CTX_new();
    EC_POINT *r = EC_POINT_new(c->group);
    BIGNUM *s0, *s1, *h;
    uint8_t check[32];
    int result = -1;

    if (ctx == NULL || r == NULL)
        goto done;
    BN_CTX_start(ctx);
    s0 = BN_CTX_get(ctx);
    s1 = BN_CTX_get(ctx);
    h = BN_CTX_get(ctx);
    if (h == NULL || !BN_lebin2bn(sig + no / 2, (int)no, s1))
        goto end;
    if (BN_cmp(s1, q) >= 0) {
        result = 0;
        goto end;
    }
    if (!BN_lebin2bn(hash, (int)no, h) || !BN_mod_add(s1, s1, h, q, ctx))
        goto end;
    if (!BN_lebin2bn(sig, (int)(no / 2), s0) || !BN_set_bit(s0, (int)(4 * no)) || !BN_nnmod(s0, s0, q, ctx))
        goto end;
    if (!EC_POINT_mul(c->group, r, s1, pub, s0, ctx))
        goto end;
    if (EC_POINT_is_at_infinity(c->group, r)) {
        result = 0;
        goto end;
    }
    if (!bign_s0(c, r, oid, oid_len, hash, check))
        goto end;
    result = CRYPTO_memcmp(check, sig, no / 2) == 0;
end:
    BN_CTX_end(ctx);
done:
    EC_POINT_free(r);
    BN_CTX_free(ctx);
    return result;
}

/* ================================================================ GOST R 34.10-2012 */

/* e = the hash as a little-endian integer mod q, 1 if that is 0. */
static int gost_e(BIGNUM *e, const uint8_t *hash, size_t n, const BIGNUM *q, BN_CTX *ctx)
{
    if (!BN_lebin2bn(hash, (int)n, e) || !BN_nnmod(e, e, q, ctx))
        return 0;
    return !BN_is_zero(e) || BN_one(e);
}

/*
 * GOST R 34.10-2012 signature of an n-octet hash (n = 32 or 64) with private key d:
 * C = kG, r = x(C) mod q, s = (r d + k e) mod q; sig = s || r, big-endian halves of n octets.
 */
static int gost_sign(const curve_t *c, const BIGNUM *d, const uint8_t *hash, size_t n,
                     const BIGNUM *k_fixed, uint8_t *sig)
{
    const BIGNUM *q = curve_order(c);
    BN_CTX *ctx = BN_CTX_new();
    EC_POINT *pc = EC_POINT_new(c->group);
    BIGNUM *e, *k, *r, *s, *t;
    int ok = 0, tries;

    if (ctx == NULL || pc == NULL)
        goto done;
    BN_CTX_start(ctx);
    e = BN_CTX_get(ctx);
    k = BN_CTX_get(ctx);
    r = BN_CTX_get(ctx);
    s = BN_CTX_get(ctx);
    t = BN_CTX_get(ctx);
    if (t == NULL || !gost_e(e, hash, n, q, ctx))
        goto end;
    BN_set_flags(k, BN_FLG_CONSTTIME);
    for (tries = 0; tries < 64 && !ok; tries++) {
        if (k_fixed != NULL ? BN_copy(k, k_fixed) == NULL : !random_scalar(k, q))
            goto end;
        if (!EC_POINT_mul(c->group, pc, k, NULL, NULL, ctx) ||
            !EC_POINT_get_affine_coordinates(c->group, pc, r, NULL, ctx) || !BN_nnmod(r, r, q, ctx))
            goto end;
        if (!BN_mod_mul(s, r, d, q, ctx) || !BN_mod_mul(t, k, e, q, ctx) || !BN_mod_add(s, s, t, q, ctx))
            goto end;
        if (BN_is_zero(r) || BN_is_zero(s)) {
            if (k_fixed != NULL)
                goto end;
            continue; /* another k */
        }
        ok = BN_bn2binpad(s, sig, (int)n) == (int)n && BN_bn2binpad(r, sig + n, (int)n) == (int)n;
        if (!ok)
            goto end;
    }
end:
    BN_CTX_end(ctx);
done:
    EC_POINT_free(pc);
    BN_CTX_free(ctx);
    return ok;
}

/*
 * GOST verification: 0 < r, s < q; v = e^-1; C = (s v) G + (-r v) Q; valid iff x(C) mod q = r.
 * 1 valid, 0 invalid, -1 error.
 */
static int gost_verify(const curve_t *c, const EC_POINT *pub, const uint8_t *hash, size_t n,
                       const uint8_t *sig)
{
    const BIGNUM *q = curve_order(c);
    BN_CTX *ctx = BN_CTX_new();
    EC_POINT *pc = EC_POINT_new(c->group);
    BIGNUM *e, *r, *s, *z1, *z2, *x;
    int result = -1;

    if (ctx == NULL || pc == NULL)
        goto done;
    BN_CTX_start(ctx);
    e = BN_CTX_get(ctx);
    r = BN_CTX_get(ctx);
    s = BN_CTX_get(ctx);
    z1 = BN_CTX_get(ctx);
    z2 = BN_CTX_get(ctx);
    x = BN_CTX_get(ctx);
    if (x == NULL || !BN_bin2bn(sig, (int)n, s) || !BN_bin2bn(sig + n, (int)n, r))
        goto end;
    if (BN_is_zero(r) || BN_is_zero(s) || BN_cmp(r, q) >= 0 || BN_cmp(s, q) >= 0) {
        result = 0;
        goto end;
    }
    if (!gost_e(e, hash, n, q, ctx) || BN_mod_inverse(e, e, q, ctx) == NULL)
        goto end;
    if (!BN_mod_mul(z1, s, e, q, ctx) || !BN_sub(z2, q, r) || !BN_mod_mul(z2, z2, e, q, ctx))
        goto end;
    if (!EC_POINT_mul(c->group, pc, z1, pub, z2, ctx))
        goto end;
    if (EC_POINT_is_at_infinity(c->group, pc)) {
        result = 0;
        goto end;
    }
    if (!EC_POINT_get_affine_coordinates(c->group, pc, x, NULL, ctx) || !BN_nnmod(x, x, q, ctx))
        goto end;
    result = BN_cmp(x, r) == 0;
end:
    BN_CTX_end(ctx);
done:
    EC_POINT_free(pc);
    BN_CTX_free(ctx);
    return result;
}

/* ================================================================ objects */

typedef enum { KIND_BIGN, KIND_GOST256, KIND_GOST512 } key_kind;

/* Whether a configured curve can carry keys of this kind (field and order sizes). */
static int curve_fits(key_kind kind, const curve_t *c)
{
    size_t order_len = (size_t)BN_num_bytes(curve_order(c));
    if (kind == KIND_BIGN)
        return (c->field_len == 32 || c->field_len == 48 || c->field_len == 64) && order_len == c->field_len;
    return c->field_len == (kind == KIND_GOST256 ? 32u : 64u) && order_len <= c->field_len;
}

/* CKA_EC_POINT layouts of a bign public key: STB 34.101.78 says only "the public key". */
typedef enum {
    EC_POINT_RAW,      /* x_LE || y_LE, the STB public key itself */
    EC_POINT_DER,      /* DER OCTET STRING around x_LE || y_LE */
    EC_POINT_X962,     /* 04 || x_BE || y_BE */
    EC_POINT_X962_DER  /* DER OCTET STRING around 04 || x_BE || y_BE (the PKCS#11 ECDSA layout) */
} ec_point_format;

typedef struct {
    CK_ATTRIBUTE_TYPE type;
    uint8_t *value;  /* NULL when len is 0 */
    CK_ULONG len;
    int sensitive;   /* present but never revealed (CKA_VALUE of a private key) */
} attr_t;

typedef struct object {
    CK_OBJECT_HANDLE handle;
    CK_SESSION_HANDLE owner; /* session objects (CKA_TOKEN false): the session that made them */
    attr_t *attrs;
    size_t nattrs, cap;
    /* key objects only (curve is NULL for certificates) */
    key_kind kind;
    const curve_t *curve;
    BIGNUM *d;     /* private keys */
    EC_POINT *pub; /* public keys */
    struct object *next;
} object_t;

static attr_t *obj_attr(const object_t *o, CK_ATTRIBUTE_TYPE type)
{
    size_t i;
    for (i = 0; i < o->nattrs; i++)
        if (o->attrs[i].type == type)
            return &o->attrs[i];
    return NULL;
}

/* Sets (adds or replaces) an attribute. 0 when out of memory. */
static int obj_set(object_t *o, CK_ATTRIBUTE_TYPE type, const void *value, size_t len)
{
    attr_t *a = obj_attr(o, type);
    uint8_t *copy = NULL;

    if (len > 0 && (copy = memdup(value, len)) == NULL)
        return 0;
    if (a == NULL) {
        if (o->nattrs == o->cap) {
            size_t cap = o->cap ? 2 * o->cap : 32;
            attr_t *n = realloc(o->attrs, cap * sizeof *n);
            if (n == NULL) {
                free(copy);
                return 0;
            }
            o->attrs = n;
            o->cap = cap;
        }
        a = &o->attrs[o->nattrs++];
        a->type = type;
    } else {
        free(a->value);
    }
    a->value = copy;
    a->len = len;
    a->sensitive = 0;
    return 1;
}

static int obj_set_bool(object_t *o, CK_ATTRIBUTE_TYPE type, int value)
{
    return obj_set(o, type, value ? &TRUE_ : &FALSE_, sizeof(CK_BBOOL));
}

static int obj_set_ulong(object_t *o, CK_ATTRIBUTE_TYPE type, CK_ULONG value)
{
    return obj_set(o, type, &value, sizeof value);
}

static int obj_set_sensitive(object_t *o, CK_ATTRIBUTE_TYPE type)
{
    if (!obj_set(o, type, NULL, 0))
        return 0;
    obj_attr(o, type)->sensitive = 1;
    return 1;
}

static int obj_bool(const object_t *o, CK_ATTRIBUTE_TYPE type)
{
    const attr_t *a = obj_attr(o, type);
    return a != NULL && a->len == sizeof(CK_BBOOL) && *a->value != CK_FALSE;
}

static CK_ULONG obj_ulong(const object_t *o, CK_ATTRIBUTE_TYPE type, CK_ULONG fallback)
{
    const attr_t *a = obj_attr(o, type);
    CK_ULONG v;
    if (a == NULL || a->len != sizeof v)
        return fallback;
    memcpy(&v, a->value, sizeof v);
    return v;
}

static CK_OBJECT_CLASS obj_class(const object_t *o)
{
    return obj_ulong(o, CKA_CLASS, CK_UNAVAILABLE_INFORMATION);
}

static void object_free(object_t *o)
{
    size_t i;
    if (o == NULL)
        return;
    for (i = 0; i < o->nattrs; i++)
        free(o->attrs[i].value);
    free(o->attrs);
    BN_clear_free(o->d);
    EC_POINT_free(o->pub);
    free(o);
}

/* What a key pair's objects carry besides the key itself. */
typedef struct {
    key_kind kind;
    const curve_t *curve;
    const uint8_t *params;      /* CKA_EC_PARAMS (bign) or CKA_GOSTR3410_PARAMS (GOST) */
    size_t params_len;
    const uint8_t *hash_params; /* CKA_GOSTR3411_PARAMS (GOST) */
    size_t hash_params_len;
    ec_point_format ec_point;
    CK_MECHANISM_TYPE gen_mechanism; /* CK_UNAVAILABLE_INFORMATION: imported */
} key_spec_t;

static CK_KEY_TYPE key_type_of(key_kind kind)
{
    return kind == KIND_BIGN ? CKK_EC : kind == KIND_GOST256 ? CKK_GOSTR3410 : CKK_GOSTR3410_512;
}

/* Attributes of every key object (v2.40 §4.7, 4.8, 4.9) with the usual defaults. */
static int key_common(object_t *o, CK_OBJECT_CLASS cls, const key_spec_t *spec)
{
    int ok = obj_set_ulong(o, CKA_CLASS, cls) && obj_set_bool(o, CKA_TOKEN, 1) &&
             obj_set_bool(o, CKA_PRIVATE, cls == CKO_PRIVATE_KEY) && obj_set_bool(o, CKA_MODIFIABLE, 0) &&
             obj_set_bool(o, CKA_COPYABLE, 0) && obj_set_bool(o, CKA_DESTROYABLE, 1) &&
             obj_set(o, CKA_LABEL, NULL, 0) && obj_set(o, CKA_ID, NULL, 0) &&
             obj_set_ulong(o, CKA_KEY_TYPE, key_type_of(spec->kind)) &&
             obj_set(o, CKA_START_DATE, NULL, 0) && obj_set(o, CKA_END_DATE, NULL, 0) &&
             obj_set_bool(o, CKA_DERIVE, 0) &&
             obj_set_bool(o, CKA_LOCAL, spec->gen_mechanism != CK_UNAVAILABLE_INFORMATION) &&
             obj_set_ulong(o, CKA_KEY_GEN_MECHANISM, spec->gen_mechanism) &&
             obj_set(o, CKA_ALLOWED_MECHANISMS, NULL, 0) && obj_set(o, CKA_SUBJECT, NULL, 0);

    if (!ok)
        return 0;
    if (spec->kind == KIND_BIGN)
        return obj_set(o, CKA_EC_PARAMS, spec->params, spec->params_len);
    return obj_set(o, CKA_GOSTR3410_PARAMS, spec->params, spec->params_len) &&
           obj_set(o, CKA_GOSTR3411_PARAMS, spec->hash_params, spec->hash_params_len);
}

/* The public key's value: CKA_EC_POINT (bign, in the configured layout) or CKA_VALUE (GOST, x_LE || y_LE). */
static int set_public_value(object_t *o, const key_spec_t *spec, const EC_POINT *pub)
{
    const curve_t *c = spec->curve;
    uint8_t point[1 + 2 * 66], *der = NULL;
    size_t len, der_len = 0;
    int ok;

    if (spec->kind != KIND_BIGN) {
        return point_to_le(c, pub, point) && obj_set(o, CKA_VALUE, point, 2 * c->field_len);
    }
    if (spec->ec_point == EC_POINT_RAW || spec->ec_point == EC_POINT_DER) {
        len = 2 * c->field_len;
        ok = point_to_le(c, pub, point);
    } else {
        len = 1 + 2 * c->field_len;
        ok = point_to_x962(c, pub, point);
    }
    if (!ok)
        return 0;
    if (spec->ec_point == EC_POINT_RAW || spec->ec_point == EC_POINT_X962)
        return obj_set(o, CKA_EC_POINT, point, len);
    der = der_wrap(0x04, point, len, &der_len);
    ok = der != NULL && obj_set(o, CKA_EC_POINT, der, der_len);
    free(der);
    return ok;
}

static object_t *public_key_object(const key_spec_t *spec, const EC_POINT *pub)
{
    object_t *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    o->kind = spec->kind;
    o->curve = spec->curve;
    o->pub = EC_POINT_dup(pub, spec->curve->group);
    if (o->pub == NULL || !key_common(o, CKO_PUBLIC_KEY, spec) || !obj_set_bool(o, CKA_ENCRYPT, 0) ||
        !obj_set_bool(o, CKA_VERIFY, 1) || !obj_set_bool(o, CKA_VERIFY_RECOVER, 0) ||
        !obj_set_bool(o, CKA_WRAP, 0) || !obj_set_bool(o, CKA_TRUSTED, 0) || !set_public_value(o, spec, pub)) {
        object_free(o);
        return NULL;
    }
    return o;
}

static object_t *private_key_object(const key_spec_t *spec, const BIGNUM *d)
{
    object_t *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    o->kind = spec->kind;
    o->curve = spec->curve;
    o->d = BN_dup(d);
    if (o->d == NULL || !key_common(o, CKO_PRIVATE_KEY, spec) || !obj_set_bool(o, CKA_SENSITIVE, 1) ||
        !obj_set_bool(o, CKA_DECRYPT, 0) || !obj_set_bool(o, CKA_SIGN, 1) ||
        !obj_set_bool(o, CKA_SIGN_RECOVER, 0) || !obj_set_bool(o, CKA_UNWRAP, 0) ||
        !obj_set_bool(o, CKA_EXTRACTABLE, 0) || !obj_set_bool(o, CKA_ALWAYS_SENSITIVE, 1) ||
        !obj_set_bool(o, CKA_NEVER_EXTRACTABLE, 1) || !obj_set_bool(o, CKA_WRAP_WITH_TRUSTED, 0) ||
        !obj_set_bool(o, CKA_ALWAYS_AUTHENTICATE, 0) || !obj_set_sensitive(o, CKA_VALUE)) {
        object_free(o);
        return NULL;
    }
    BN_set_flags(o->d, BN_FLG_CONSTTIME);
    return o;
}

/*
 * An X.509 certificate object with the defaults of v2.40 §4.6; CKA_SUBJECT,
 * CKA_ISSUER and CKA_SERIAL_NUMBER come from the DER when it can be read.
 */
static object_t *certificate_object(const uint8_t *der, size_t len)
{
    object_t *o = calloc(1, sizeof *o);
    cert_names_t names = {0};

    if (der == NULL || !der_cert_names(der, len, &names))
        memset(&names, 0, sizeof names); /* not a certificate after all: empty names */

    if (o == NULL)
        return NULL;
    if (!obj_set_ulong(o, CKA_CLASS, CKO_CERTIFICATE) || !obj_set_bool(o, CKA_TOKEN, 1) ||
        !obj_set_bool(o, CKA_PRIVATE, 0) || !obj_set_bool(o, CKA_MODIFIABLE, 1) ||
        !obj_set_bool(o, CKA_COPYABLE, 1) || !obj_set_bool(o, CKA_DESTROYABLE, 1) ||
        !obj_set(o, CKA_LABEL, NULL, 0) || !obj_set(o, CKA_ID, NULL, 0) ||
        !obj_set_ulong(o, CKA_CERTIFICATE_TYPE, CKC_X_509) || !obj_set_bool(o, CKA_TRUSTED, 0) ||
        !obj_set_ulong(o, CKA_CERTIFICATE_CATEGORY, 0) || !obj_set(o, CKA_CHECK_VALUE, NULL, 0) ||
        !obj_set(o, CKA_START_DATE, NULL, 0) || !obj_set(o, CKA_END_DATE, NULL, 0) ||
        !obj_set(o, CKA_VALUE, der, len) || !obj_set(o, CKA_URL, NULL, 0) ||
        !obj_set(o, CKA_HASH_OF_SUBJECT_PUBLIC_KEY, NULL, 0) ||
        !obj_set(o, CKA_HASH_OF_ISSUER_PUBLIC_KEY, NULL, 0) ||
        !obj_set_ulong(o, CKA_JAVA_MIDP_SECURITY_DOMAIN, 0) ||
        !obj_set(o, CKA_SUBJECT, names.subject, names.subject_len) ||
        !obj_set(o, CKA_ISSUER, names.issuer, names.issuer_len) ||
        !obj_set(o, CKA_SERIAL_NUMBER, names.serial, names.serial_len)) {
        object_free(o);
        return NULL;
    }
    return o;
}

/* ================================================================ token state */

typedef struct {
    CK_MECHANISM_TYPE type;
    const char *name;
    CK_ULONG min_bits, max_bits;
    CK_FLAGS flags;
} mechanism_t;

#define EC_FLAGS (CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS)

/* What this module implements; the configuration says which of them (or others) it announces. */
static const mechanism_t MECHANISMS[] = {
    {CKM_BIGN, "CKM_BIGN", 256, 512, CKF_SIGN | CKF_VERIFY | EC_FLAGS},
    {CKM_BIGN_HBELT, "CKM_BIGN_HBELT", 256, 256, CKF_SIGN | CKF_VERIFY | EC_FLAGS},
    {CKM_EC_KEY_PAIR_GEN, "CKM_EC_KEY_PAIR_GEN", 256, 512, CKF_GENERATE_KEY_PAIR | EC_FLAGS},
    {CKM_GOSTR3410, "CKM_GOSTR3410", 256, 256, CKF_SIGN | CKF_VERIFY},
    {CKM_GOSTR3410_512, "CKM_GOSTR3410_512", 512, 512, CKF_SIGN | CKF_VERIFY},
    {CKM_GOSTR3410_KEY_PAIR_GEN, "CKM_GOSTR3410_KEY_PAIR_GEN", 256, 256, CKF_GENERATE_KEY_PAIR},
    {CKM_GOSTR3410_512_KEY_PAIR_GEN, "CKM_GOSTR3410_512_KEY_PAIR_GEN", 512, 512, CKF_GENERATE_KEY_PAIR},
};
#define NMECHANISMS (sizeof MECHANISMS / sizeof MECHANISMS[0])
#define MAX_ANNOUNCED 64

typedef struct {
    CK_SLOT_ID slot_id;
    char slot_description[65];
    char manufacturer[33];
    char label[33];
    char model[17];
    char serial[17];
    int login_required;
    char user_pin[PIN_MAX_LEN + 1];
    char so_pin[PIN_MAX_LEN + 1];
    int has_so_pin;
    unsigned long pin_max_tries; /* 0: unlimited */
    CK_MECHANISM_TYPE mechanisms[MAX_ANNOUNCED];
    size_t nmechanisms;
    ec_point_format ec_point; /* for generated bign keys and keys without their own */
} token_t;

/* One signing or verifying operation of a session. */
typedef struct {
    int active;
    CK_MECHANISM_TYPE mechanism;
    CK_OBJECT_HANDLE key;
    uint8_t oid[OID_MAX]; /* the hash OID: the CKM_BIGN parameter, belt-hash for CKM_BIGN_HBELT */
    size_t oid_len;
    belt_hash_ctx hash;   /* CKM_BIGN_HBELT */
    int multipart;        /* C_SignUpdate / C_VerifyUpdate was called */
    int needs_context_login; /* a CKA_ALWAYS_AUTHENTICATE key, C_Login(CKU_CONTEXT_SPECIFIC) not done yet */
} operation_t;

typedef struct session {
    CK_SESSION_HANDLE handle;
    CK_FLAGS flags;
    operation_t sign, verify;
    int finding;
    CK_OBJECT_HANDLE *found;
    size_t nfound, next_found;
    struct session *next;
} session_t;

#define NOBODY ((CK_USER_TYPE)CK_UNAVAILABLE_INFORMATION)

/* Everything below is guarded by g_mu. */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static int g_initialized;
static token_t g_token;
static curve_t *g_curves;
static object_t *g_objects;
static session_t *g_sessions;
static CK_OBJECT_HANDLE g_next_object;
static CK_SESSION_HANDLE g_next_session;
static CK_USER_TYPE g_user = NOBODY; /* shared by all sessions (v2.40 §5.5) */
static unsigned long g_pin_failures;

static const mechanism_t *mechanism_implemented(CK_MECHANISM_TYPE type)
{
    size_t i;
    for (i = 0; i < NMECHANISMS; i++)
        if (MECHANISMS[i].type == type)
            return &MECHANISMS[i];
    return NULL;
}

static int mechanism_announced(CK_MECHANISM_TYPE type)
{
    size_t i;
    for (i = 0; i < g_token.nmechanisms; i++)
        if (g_token.mechanisms[i] == type)
            return 1;
    return 0;
}

static const curve_t *curve_by_name(const char *name)
{
    const curve_t *c;
    for (c = g_curves; c != NULL; c = c->next)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static const curve_t *curve_by_oid(const uint8_t *oid, size_t len)
{
    const curve_t *c;
    for (c = g_curves; c != NULL; c = c->next)
        if (c->oid != NULL && c->oid_len == len && memcmp(c->oid, oid, len) == 0)
            return c;
    return NULL;
}

static void add_object(object_t *o, CK_SESSION_HANDLE owner)
{
    object_t **p = &g_objects;
    while (*p != NULL)
        p = &(*p)->next;
    o->handle = g_next_object++;
    o->owner = owner;
    o->next = NULL;
    *p = o;
}

static object_t *find_object(CK_OBJECT_HANDLE h)
{
    object_t *o;
    for (o = g_objects; o != NULL; o = o->next)
        if (o->handle == h)
            return o;
    return NULL;
}

static int user_logged_in(void)
{
    return g_user == CKU_USER;
}

/* Private objects exist for the application only while the user is logged in. */
static int visible(const object_t *o)
{
    return !obj_bool(o, CKA_PRIVATE) || user_logged_in();
}

/*
 * The object behind a handle for an operation: CKR_OBJECT_HANDLE_INVALID when
 * there is none, CKR_USER_NOT_LOGGED_IN for a private object while logged out
 * (as SoftHSM answers; C_FindObjects does not show such objects at all).
 */
static CK_RV lookup_object(CK_OBJECT_HANDLE h, object_t **out)
{
    object_t *o = find_object(h);
    if (o == NULL)
        return CKR_OBJECT_HANDLE_INVALID;
    if (!visible(o))
        return CKR_USER_NOT_LOGGED_IN;
    *out = o;
    return CKR_OK;
}

static session_t *find_session(CK_SESSION_HANDLE h)
{
    session_t *s;
    for (s = g_sessions; s != NULL; s = s->next)
        if (s->handle == h)
            return s;
    return NULL;
}

static CK_STATE session_state(const session_t *s)
{
    int rw = (s->flags & CKF_RW_SESSION) != 0;
    if (g_user == CKU_SO)
        return CKS_RW_SO_FUNCTIONS;
    if (g_user == CKU_USER)
        return rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
    return rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
}

static void end_operation(operation_t *op)
{
    memset(op, 0, sizeof *op);
}

static void end_find(session_t *s)
{
    free(s->found);
    s->found = NULL;
    s->nfound = s->next_found = 0;
    s->finding = 0;
}

/* Destroys the session objects a session made. */
static void destroy_session_objects(CK_SESSION_HANDLE owner)
{
    object_t **p = &g_objects;
    while (*p != NULL) {
        object_t *o = *p;
        if (o->owner == owner) {
            *p = o->next;
            object_free(o);
        } else {
            p = &o->next;
        }
    }
}

static void close_session(session_t *s)
{
    session_t **p = &g_sessions;
    while (*p != NULL && *p != s)
        p = &(*p)->next;
    if (*p == NULL)
        return;
    *p = s->next;
    destroy_session_objects(s->handle);
    end_find(s);
    free(s);
    if (g_sessions == NULL)
        g_user = NOBODY; /* the login ends with the last session */
}

/* Forgets everything C_Initialize loaded or the application made. */
static void reset_state(void)
{
    while (g_sessions != NULL) {
        session_t *s = g_sessions;
        g_sessions = s->next;
        end_find(s);
        free(s);
    }
    while (g_objects != NULL) {
        object_t *o = g_objects;
        g_objects = o->next;
        object_free(o);
    }
    while (g_curves != NULL) {
        curve_t *c = g_curves;
        g_curves = c->next;
        curve_free(c);
    }
    OPENSSL_cleanse(&g_token, sizeof g_token);
    g_user = NOBODY;
    g_pin_failures = 0;
    g_next_object = FIRST_HANDLE;
    g_next_session = FIRST_HANDLE;
}

/* ================================================================ configuration */

/*
 * The file is a list of "key = value" lines ('#' starts a comment line).
 * Global keys (token.label, user.pin, mechanisms, ...) configure the token;
 * "curve.NAME.FIELD", "key.NAME.FIELD" and "cert.NAME.FIELD" describe named
 * curves, keys and certificates.  Keys and certificates become objects in the
 * order their names first appear.  See docs/testing-p11bign.md.
 */

typedef struct field {
    char *key;   /* the global key, or FIELD of an entity */
    char *value;
    int line;
    int used;
    struct field *next;
} field_t;

typedef struct entity {
    char section[8]; /* "curve", "key" or "cert" */
    char name[NAME_MAX_LEN];
    int line;
    field_t *fields;
    struct entity *next;
} entity_t;

typedef struct {
    const char *path;
    field_t *globals;
    entity_t *entities;
} conf_t;

/* Reports a configuration error on stderr; line 0: not about one line. */
__attribute__((format(printf, 3, 4))) static void conf_error(const conf_t *cf, int line, const char *fmt, ...)
{
    va_list ap;
    if (line > 0)
        fprintf(stderr, "p11bign: %s:%d: ", cf->path, line);
    else
        fprintf(stderr, "p11bign: %s: ", cf->path);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void fields_free(field_t *f)
{
    while (f != NULL) {
        field_t *next = f->next;
        free(f->key);
        free(f->value);
        free(f);
        f = next;
    }
}

static void conf_free(conf_t *cf)
{
    fields_free(cf->globals);
    while (cf->entities != NULL) {
        entity_t *e = cf->entities;
        cf->entities = e->next;
        fields_free(e->fields);
        free(e);
    }
}

static char *trim(char *s)
{
    char *end;
    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

static int valid_name(const char *s, size_t len)
{
    size_t i;
    if (len == 0 || len >= NAME_MAX_LEN)
        return 0;
    for (i = 0; i < len; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
            return 0;
    return 1;
}

/* Appends a field to a list; 0 (with a message) for a duplicate key or no memory. */
static int add_field(const conf_t *cf, field_t **list, const char *key, const char *value, int line)
{
    field_t *f, **p = list;
    for (; *p != NULL; p = &(*p)->next) {
        if (strcmp((*p)->key, key) == 0) {
            conf_error(cf, line, "'%s' is set twice (first on line %d)", key, (*p)->line);
            return 0;
        }
    }
    f = calloc(1, sizeof *f);
    if (f == NULL || (f->key = strdup(key)) == NULL || (f->value = strdup(value)) == NULL) {
        if (f != NULL)
            free(f->key);
        free(f);
        conf_error(cf, line, "out of memory");
        return 0;
    }
    f->line = line;
    *p = f;
    return 1;
}

static entity_t *entity_for(conf_t *cf, const char *section, const char *name, size_t name_len, int line)
{
    entity_t *e, **p = &cf->entities;
    for (; *p != NULL; p = &(*p)->next) {
        e = *p;
        if (strcmp(e->section, section) == 0 && strlen(e->name) == name_len &&
            memcmp(e->name, name, name_len) == 0)
            return e;
    }
    e = calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    snprintf(e->section, sizeof e->section, "%s", section);
    memcpy(e->name, name, name_len);
    e->line = line;
    *p = e;
    return e;
}

static int conf_parse_line(conf_t *cf, char *text, int line)
{
    static const char *const sections[] = {"curve", "key", "cert"};
    char *s = trim(text), *eq, *key, *value, *dot;
    size_t i;

    if (*s == '\0' || *s == '#')
        return 1;
    eq = strchr(s, '=');
    if (eq == NULL) {
        conf_error(cf, line, "expected 'key = value'");
        return 0;
    }
    *eq = '\0';
    key = trim(s);
    value = trim(eq + 1);
    for (i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        size_t n = strlen(sections[i]);
        if (strncmp(key, sections[i], n) == 0 && key[n] == '.') {
            entity_t *e;
            char *name = key + n + 1;
            dot = strchr(name, '.');
            if (dot == NULL || !valid_name(name, (size_t)(dot - name)) || dot[1] == '\0') {
                conf_error(cf, line, "expected '%s.NAME.FIELD' (NAME: letters, digits, '_', '-')", sections[i]);
                return 0;
            }
            e = entity_for(cf, sections[i], name, (size_t)(dot - name), line);
            if (e == NULL) {
                conf_error(cf, line, "out of memory");
                return 0;
            }
            return add_field(cf, &e->fields, dot + 1, value, line);
        }
    }
    return add_field(cf, &cf->globals, key, value, line);
}

static int conf_read(conf_t *cf)
{
    FILE *f = fopen(cf->path, "r");
    char *buf = NULL;
    size_t cap = 0;
    int line = 0, ok = 1;

    if (f == NULL) {
        fprintf(stderr, "p11bign: cannot open %s (%s): %s\n", cf->path, CONF_ENV, strerror(errno));
        return 0;
    }
    while (ok && getline(&buf, &cap, f) != -1)
        ok = conf_parse_line(cf, buf, ++line);
    if (ok && ferror(f)) {
        fprintf(stderr, "p11bign: error reading %s\n", cf->path);
        ok = 0;
    }
    free(buf);
    fclose(f);
    return ok;
}

/* The field with this key (marked as used), or NULL. */
static field_t *get_field(field_t *list, const char *key)
{
    for (; list != NULL; list = list->next) {
        if (strcmp(list->key, key) == 0) {
            list->used = 1;
            return list;
        }
    }
    return NULL;
}

/* Every field must have been used: a misspelt key is an error, not a silent default. */
static int check_unused(const conf_t *cf, const field_t *list, const char *prefix)
{
    int ok = 1;
    for (; list != NULL; list = list->next) {
        if (!list->used) {
            conf_error(cf, list->line, "unknown key '%s%s'", prefix, list->key);
            ok = 0;
        }
    }
    return ok;
}

static int parse_bool(const conf_t *cf, const field_t *f, int *out)
{
    const char *v = f->value;
    if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "1") == 0) {
        *out = 1;
        return 1;
    }
    if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "0") == 0) {
        *out = 0;
        return 1;
    }
    conf_error(cf, f->line, "'%s' is not a boolean (true/false)", v);
    return 0;
}

static int parse_ulong(const conf_t *cf, const field_t *f, unsigned long *out)
{
    char *end;
    errno = 0;
    *out = strtoul(f->value, &end, 0);
    if (f->value[0] == '\0' || f->value[0] == '-' || *end != '\0' || errno != 0) {
        conf_error(cf, f->line, "'%s' is not a number", f->value);
        return 0;
    }
    return 1;
}

static int parse_hex(const conf_t *cf, const field_t *f, uint8_t **out, size_t *len)
{
    if (!hex_decode(f->value, out, len)) {
        conf_error(cf, f->line, "'%s' is not an even number of hex digits", f->key);
        return 0;
    }
    return 1;
}

/* A big-endian hex number into a new BIGNUM. */
static BIGNUM *parse_bn(const conf_t *cf, const field_t *f)
{
    uint8_t *b;
    size_t n;
    BIGNUM *x;
    if (!parse_hex(cf, f, &b, &n))
        return NULL;
    if (n == 0) {
        conf_error(cf, f->line, "'%s' is empty", f->key);
        return NULL;
    }
    x = BN_bin2bn(b, (int)n, NULL);
    free(b);
    return x;
}

/* Copies text that must fit a PKCS#11 field of size octets. */
static int parse_text(const conf_t *cf, const field_t *f, char *dst, size_t size)
{
    if (strlen(f->value) > size) {
        conf_error(cf, f->line, "'%s' is longer than %zu octets", f->key, size);
        return 0;
    }
    memcpy(dst, f->value, strlen(f->value) + 1);
    return 1;
}

static int parse_ec_point(const conf_t *cf, const field_t *f, ec_point_format *out)
{
    static const struct {
        const char *name;
        ec_point_format format;
    } names[] = {
        {"raw", EC_POINT_RAW}, {"der", EC_POINT_DER}, {"x962", EC_POINT_X962}, {"x962-der", EC_POINT_X962_DER},
    };
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(f->value, names[i].name) == 0) {
            *out = names[i].format;
            return 1;
        }
    }
    conf_error(cf, f->line, "'%s' is not an EC point layout (raw, der, x962, x962-der)", f->value);
    return 0;
}

/* A list of mechanisms: CKM_ names of MECHANISMS or numbers, separated by commas or blanks. */
static int parse_mechanisms(const conf_t *cf, const field_t *f, CK_MECHANISM_TYPE *out, size_t max, size_t *n)
{
    char *copy = strdup(f->value), *tok, *save = NULL;
    int ok = 1;

    *n = 0;
    if (copy == NULL) {
        conf_error(cf, f->line, "out of memory");
        return 0;
    }
    for (tok = strtok_r(copy, ", \t", &save); ok && tok != NULL; tok = strtok_r(NULL, ", \t", &save)) {
        size_t i;
        char *end;
        unsigned long v = 0;
        int found = 0;
        for (i = 0; i < NMECHANISMS && !found; i++) {
            if (strcmp(tok, MECHANISMS[i].name) == 0) {
                v = MECHANISMS[i].type;
                found = 1;
            }
        }
        if (!found) {
            errno = 0;
            v = strtoul(tok, &end, 0);
            found = *end == '\0' && errno == 0 && tok[0] != '-';
        }
        if (!found) {
            conf_error(cf, f->line, "unknown mechanism '%s'", tok);
            ok = 0;
        } else if (*n == max) {
            conf_error(cf, f->line, "more than %zu mechanisms", max);
            ok = 0;
        } else {
            out[(*n)++] = v;
        }
    }
    free(copy);
    return ok;
}

static int load_token(conf_t *cf)
{
    token_t *t = &g_token;
    field_t *f;
    unsigned long v;
    size_t i;

    t->slot_id = 0;
    strcpy(t->slot_description, "Pechatka p11bign test slot");
    strcpy(t->manufacturer, "Pechatka tests");
    strcpy(t->label, "p11bign");
    strcpy(t->model, "p11bign");
    strcpy(t->serial, "P11BIGN-0001");
    t->login_required = 1;
    t->ec_point = EC_POINT_DER;
    for (i = 0; i < NMECHANISMS; i++)
        t->mechanisms[i] = MECHANISMS[i].type;
    t->nmechanisms = NMECHANISMS;

    if ((f = get_field(cf->globals, "slot.id")) != NULL) {
        if (!parse_ulong(cf, f, &v))
            return 0;
        t->slot_id = v;
    }
    if ((f = get_field(cf->globals, "slot.description")) != NULL &&
        !parse_text(cf, f, t->slot_description, 64))
        return 0;
    if ((f = get_field(cf->globals, "token.manufacturer")) != NULL && !parse_text(cf, f, t->manufacturer, 32))
        return 0;
    if ((f = get_field(cf->globals, "token.label")) != NULL && !parse_text(cf, f, t->label, 32))
        return 0;
    if ((f = get_field(cf->globals, "token.model")) != NULL && !parse_text(cf, f, t->model, 16))
        return 0;
    if ((f = get_field(cf->globals, "token.serial")) != NULL && !parse_text(cf, f, t->serial, 16))
        return 0;
    if ((f = get_field(cf->globals, "token.login_required")) != NULL && !parse_bool(cf, f, &t->login_required))
        return 0;
    if ((f = get_field(cf->globals, "token.bign_ec_point")) != NULL && !parse_ec_point(cf, f, &t->ec_point))
        return 0;
    if ((f = get_field(cf->globals, "user.pin")) == NULL) {
        conf_error(cf, 0, "user.pin is not set");
        return 0;
    }
    if (f->value[0] == '\0') {
        conf_error(cf, f->line, "user.pin is empty");
        return 0;
    }
    if (!parse_text(cf, f, t->user_pin, PIN_MAX_LEN))
        return 0;
    if ((f = get_field(cf->globals, "user.pin_max_tries")) != NULL) {
        if (!parse_ulong(cf, f, &t->pin_max_tries))
            return 0;
    }
    if ((f = get_field(cf->globals, "so.pin")) != NULL) {
        if (!parse_text(cf, f, t->so_pin, PIN_MAX_LEN))
            return 0;
        t->has_so_pin = 1;
    }
    if ((f = get_field(cf->globals, "mechanisms")) != NULL &&
        !parse_mechanisms(cf, f, t->mechanisms, MAX_ANNOUNCED, &t->nmechanisms))
        return 0;
    return check_unused(cf, cf->globals, "");
}

static field_t *require(const conf_t *cf, const entity_t *e, const char *key)
{
    field_t *f = get_field(e->fields, key);
    if (f == NULL)
        conf_error(cf, e->line, "%s.%s.%s is not set", e->section, e->name, key);
    return f;
}

static int load_curve(conf_t *cf, entity_t *e)
{
    static const char *const keys[] = {"p", "a", "b", "q", "gx", "gy"};
    BIGNUM *v[6] = {NULL};
    field_t *f;
    curve_t *c = NULL;
    const char *why = NULL;
    size_t i;
    int ok = 0;

    if (curve_by_name(e->name) != NULL) {
        conf_error(cf, e->line, "curve '%s' is defined twice", e->name);
        return 0;
    }
    for (i = 0; i < 6; i++)
        if ((f = require(cf, e, keys[i])) == NULL || (v[i] = parse_bn(cf, f)) == NULL)
            goto done;
    c = curve_new(e->name, v[0], v[1], v[2], v[3], v[4], v[5], &why);
    if (c == NULL) {
        conf_error(cf, e->line, "curve '%s': %s", e->name, why);
        goto done;
    }
    if (c->field_len > 64) {
        conf_error(cf, e->line, "curve '%s': p is longer than 512 bits", e->name);
        goto done;
    }
    if ((f = get_field(e->fields, "oid")) != NULL) {
        if (!parse_hex(cf, f, &c->oid, &c->oid_len))
            goto done;
        if (!der_is_oid(c->oid, c->oid_len)) {
            conf_error(cf, f->line, "curve.%s.oid is not the DER of an OBJECT IDENTIFIER", e->name);
            goto done;
        }
    }
    if (!check_unused(cf, e->fields, "curve."))
        goto done;
    c->next = g_curves;
    g_curves = c;
    c = NULL;
    ok = 1;
done:
    curve_free(c);
    for (i = 0; i < 6; i++)
        BN_free(v[i]);
    return ok;
}

/* Applies the settings every key object of a configured key may have. */
static int configure_key_object(object_t *o, const uint8_t *id, size_t id_len, const char *label,
                                const CK_MECHANISM_TYPE *allowed, size_t nallowed)
{
    return obj_set(o, CKA_ID, id, id_len) && obj_set(o, CKA_LABEL, label, strlen(label)) &&
           obj_set(o, CKA_ALLOWED_MECHANISMS, allowed, nallowed * sizeof *allowed);
}

static int load_key(conf_t *cf, entity_t *e)
{
    key_spec_t spec;
    field_t *f;
    BIGNUM *d = NULL, *qx = NULL, *qy = NULL;
    EC_POINT *pub = NULL, *given = NULL;
    BN_CTX *ctx = BN_CTX_new();
    uint8_t *params = NULL, *hash_params = NULL, *id = NULL;
    size_t params_len = 0, hash_params_len = 0, id_len = 0, nallowed = 0;
    CK_MECHANISM_TYPE allowed[MAX_ANNOUNCED];
    const char *label = "";
    int always_auth = 0, cka_private = g_token.login_required, with_public = 1, ok = 0;
    object_t *pub_obj = NULL, *priv_obj = NULL;

    memset(&spec, 0, sizeof spec);
    spec.gen_mechanism = CK_UNAVAILABLE_INFORMATION;
    spec.ec_point = g_token.ec_point;
    if (ctx == NULL || (f = require(cf, e, "kind")) == NULL)
        goto done;
    if (strcmp(f->value, "bign") == 0) {
        spec.kind = KIND_BIGN;
    } else if (strcmp(f->value, "gost256") == 0) {
        spec.kind = KIND_GOST256;
    } else if (strcmp(f->value, "gost512") == 0) {
        spec.kind = KIND_GOST512;
    } else {
        conf_error(cf, f->line, "key kind '%s' is not bign, gost256 or gost512", f->value);
        goto done;
    }
    if ((f = require(cf, e, "curve")) == NULL)
        goto done;
    if ((spec.curve = curve_by_name(f->value)) == NULL) {
        conf_error(cf, f->line, "no curve '%s' (curves are defined before use)", f->value);
        goto done;
    }
    if (!curve_fits(spec.kind, spec.curve)) {
        conf_error(cf, f->line, "curve '%s' (%zu-octet field) does not fit a %s key", f->value,
                   spec.curve->field_len, spec.kind == KIND_BIGN ? "bign (256/384/512-bit p and q)" : "GOST");
        goto done;
    }
    if ((f = get_field(e->fields, "params")) != NULL) {
        if (!parse_hex(cf, f, &params, &params_len))
            goto done;
        spec.params = params;
        spec.params_len = params_len;
    } else if (spec.curve->oid != NULL) {
        spec.params = spec.curve->oid;
        spec.params_len = spec.curve->oid_len;
    } else {
        conf_error(cf, e->line, "key '%s': neither key.%s.params nor curve.%s.oid is set", e->name, e->name,
                   spec.curve->name);
        goto done;
    }
    if ((f = get_field(e->fields, "hash_params")) != NULL) {
        if (spec.kind == KIND_BIGN) {
            conf_error(cf, f->line, "hash_params is for GOST keys");
            goto done;
        }
        if (!parse_hex(cf, f, &hash_params, &hash_params_len))
            goto done;
        spec.hash_params = hash_params;
        spec.hash_params_len = hash_params_len;
    } else if (spec.kind == KIND_GOST256) {
        spec.hash_params = STREEBOG256_OID;
        spec.hash_params_len = sizeof STREEBOG256_OID;
    } else if (spec.kind == KIND_GOST512) {
        spec.hash_params = STREEBOG512_OID;
        spec.hash_params_len = sizeof STREEBOG512_OID;
    }
    if ((f = get_field(e->fields, "ec_point")) != NULL) {
        if (spec.kind != KIND_BIGN) {
            conf_error(cf, f->line, "ec_point is for bign keys (GOST public keys are in CKA_VALUE)");
            goto done;
        }
        if (!parse_ec_point(cf, f, &spec.ec_point))
            goto done;
    }
    if ((f = get_field(e->fields, "id")) != NULL && !parse_hex(cf, f, &id, &id_len))
        goto done;
    if ((f = get_field(e->fields, "label")) != NULL)
        label = f->value;
    if ((f = get_field(e->fields, "always_authenticate")) != NULL && !parse_bool(cf, f, &always_auth))
        goto done;
    if ((f = get_field(e->fields, "private_object")) != NULL && !parse_bool(cf, f, &cka_private))
        goto done;
    if ((f = get_field(e->fields, "public_object")) != NULL && !parse_bool(cf, f, &with_public))
        goto done;
    if ((f = get_field(e->fields, "allowed_mechanisms")) != NULL &&
        !parse_mechanisms(cf, f, allowed, MAX_ANNOUNCED, &nallowed))
        goto done;

    /* the key: d, and/or the public point (which must be d*G when both are given) */
    pub = EC_POINT_new(spec.curve->group);
    if (pub == NULL)
        goto done;
    if ((f = get_field(e->fields, "d")) != NULL) {
        if ((d = parse_bn(cf, f)) == NULL)
            goto done;
        if (BN_is_zero(d) || BN_cmp(d, curve_order(spec.curve)) >= 0) {
            conf_error(cf, f->line, "key.%s.d is not in [1, q-1]", e->name);
            goto done;
        }
        if (!EC_POINT_mul(spec.curve->group, pub, d, NULL, NULL, ctx))
            goto done;
    }
    f = get_field(e->fields, "qx");
    if (f != NULL || get_field(e->fields, "qy") != NULL) {
        field_t *fy = require(cf, e, "qy");
        if (f == NULL)
            f = require(cf, e, "qx");
        if (f == NULL || fy == NULL || (qx = parse_bn(cf, f)) == NULL || (qy = parse_bn(cf, fy)) == NULL ||
            (given = EC_POINT_new(spec.curve->group)) == NULL)
            goto done;
        if (!EC_POINT_set_affine_coordinates(spec.curve->group, given, qx, qy, ctx) ||
            EC_POINT_is_on_curve(spec.curve->group, given, ctx) != 1 ||
            EC_POINT_is_at_infinity(spec.curve->group, given)) {
            conf_error(cf, f->line, "key.%s.qx/qy is not a point of curve '%s'", e->name, spec.curve->name);
            goto done;
        }
        if (d != NULL && EC_POINT_cmp(spec.curve->group, pub, given, ctx) != 0) {
            conf_error(cf, f->line, "key.%s.qx/qy is not d*G", e->name);
            goto done;
        }
        if (!EC_POINT_copy(pub, given))
            goto done;
    } else if (d == NULL) {
        conf_error(cf, e->line, "key '%s' has neither d nor qx/qy", e->name);
        goto done;
    }
    if (!check_unused(cf, e->fields, "key."))
        goto done;

    if (with_public) {
        pub_obj = public_key_object(&spec, pub);
        if (pub_obj == NULL || !configure_key_object(pub_obj, id, id_len, label, allowed, nallowed))
            goto oom;
    }
    if (d != NULL) {
        priv_obj = private_key_object(&spec, d);
        if (priv_obj == NULL || !configure_key_object(priv_obj, id, id_len, label, allowed, nallowed) ||
            !obj_set_bool(priv_obj, CKA_PRIVATE, cka_private) ||
            !obj_set_bool(priv_obj, CKA_ALWAYS_AUTHENTICATE, always_auth))
            goto oom;
    }
    if (pub_obj == NULL && priv_obj == NULL) {
        conf_error(cf, e->line, "key '%s' makes no object (public_object = false and no d)", e->name);
        goto done;
    }
    if (pub_obj != NULL)
        add_object(pub_obj, 0);
    if (priv_obj != NULL)
        add_object(priv_obj, 0);
    pub_obj = priv_obj = NULL;
    ok = 1;
    goto done;
oom:
    conf_error(cf, e->line, "key '%s': out of memory", e->name);
done:
    object_free(pub_obj);
    object_free(priv_obj);
    BN_clear_free(d);
    BN_free(qx);
    BN_free(qy);
    EC_POINT_free(pub);
    EC_POINT_free(given);
    BN_CTX_free(ctx);
    free(params);
    free(hash_params);
    free(id);
    return ok;
}

static int load_cert(conf_t *cf, entity_t *e)
{
    field_t *f;
    uint8_t *der = NULL, *id = NULL;
    size_t der_len = 0, id_len = 0;
    const char *label = "";
    int cka_private = 0, ok = 0;
    object_t *o = NULL;

    if ((f = require(cf, e, "value")) == NULL || !parse_hex(cf, f, &der, &der_len))
        goto done;
    if ((f = get_field(e->fields, "id")) != NULL && !parse_hex(cf, f, &id, &id_len))
        goto done;
    if ((f = get_field(e->fields, "label")) != NULL)
        label = f->value;
    if ((f = get_field(e->fields, "private_object")) != NULL && !parse_bool(cf, f, &cka_private))
        goto done;
    if (!check_unused(cf, e->fields, "cert."))
        goto done;
    o = certificate_object(der, der_len);
    if (o == NULL || !obj_set(o, CKA_ID, id, id_len) || !obj_set(o, CKA_LABEL, label, strlen(label)) ||
        !obj_set_bool(o, CKA_PRIVATE, cka_private)) {
        conf_error(cf, e->line, "certificate '%s': out of memory", e->name);
        goto done;
    }
    add_object(o, 0);
    o = NULL;
    ok = 1;
done:
    object_free(o);
    free(der);
    free(id);
    return ok;
}

/* Reads $PECHATKA_P11BIGN_CONF into the token state; 0 (reasons on stderr) if it is not usable. */
static int load_configuration(void)
{
    conf_t cf;
    entity_t *e;
    int ok;

    memset(&cf, 0, sizeof cf);
    cf.path = getenv(CONF_ENV);
    if (cf.path == NULL || cf.path[0] == '\0') {
        fprintf(stderr, "p11bign: %s is not set; it names the token's configuration file\n", CONF_ENV);
        return 0;
    }
    ok = conf_read(&cf) && load_token(&cf);
    for (e = cf.entities; ok && e != NULL; e = e->next)
        if (strcmp(e->section, "curve") == 0)
            ok = load_curve(&cf, e);
    for (e = cf.entities; ok && e != NULL; e = e->next) {
        if (strcmp(e->section, "key") == 0)
            ok = load_key(&cf, e);
        else if (strcmp(e->section, "cert") == 0)
            ok = load_cert(&cf, e);
    }
    conf_free(&cf);
    return ok;
}

/* ================================================================ power-on self-test */

/*
 * Known answers from the standards, checked at every C_Initialize, so a broken
 * belt, bign or GOST computation fails loudly instead of making signatures
 * that only this module accepts.  Sources: src/test/resources/vectors/
 * (belt.txt A.1 and A.23, bign.txt G.1/G.2 with the k bee2 used,
 * bign_params.txt bign-curve256v1, gost3410_2012.txt the standard's example).
 */

/* bign-curve256v1 (big-endian; G = (0, yG)) */
#define BIGN256_P "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF43"
#define BIGN256_A "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF40"
#define BIGN256_B "77CE6C1515F3A8EDD2C13AABE4D8FBBE4CF55069978B9253B22E7D6BD69C03F1"
#define BIGN256_Q "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD95C8ED60DFB4DFC7E5ABF99263D6607"
#define BIGN256_GY "6BF7FC3CFB16D69F5CE4C9A351D6835D78913966C408F6521E29CF1804516A93"
#define G1_D_BE "69E273C25F23790C9E423207ED1F283418F2749C32F033456739734BB8B5661F"
#define G1_Q_LE "BD1A5650179D79E03FCEE49D4C2BD5DDF54CE46D0CF11E4FF87BF7A890857FD0" \
                "7AC6A60361E8C8173491686D461B2826190C2EDA5909054A9AB84D2AB9D99A90"
#define G2_K_LE "4C0E74B2CD5811AD21F23DE7E0FA742C3ED6EC483C461CE15C33A77AA308B7D2"
#define G2_SIG "E36B7F0377AE4C524027C387FADF1B20CE72F1530B71F2B5FD3A8C584FE2E1AED20082E30C8AF65011F4FB54649DFD3D"

/* GOST R 34.10-2012 example (A.1): 256-bit test curve, big-endian */
#define GOST_P "8000000000000000000000000000000000000000000000000000000000000431"
#define GOST_A "7"
#define GOST_B "5FBFF498AA938CE739B8E022FBAFEF40563F6E6A3472FC2A514C0CE9DAE23B7E"
#define GOST_Q "8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3"
#define GOST_PX "2"
#define GOST_PY "08E2A8A0E65147D4BD6316030E16D19C85C97F0A9CA267122B96ABBCEA7E8FC8"
#define GOST_D "7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28"
#define GOST_E "2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5"
#define GOST_K "77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3"
#define GOST_SIG "01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40" \
                 "41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493"

static int equals_hex(const uint8_t *b, size_t n, const char *hex)
{
    uint8_t *want;
    size_t len;
    int eq;
    if (!hex_decode(hex, &want, &len))
        return 0;
    eq = len == n && memcmp(b, want, n) == 0;
    free(want);
    return eq;
}

static BIGNUM *bn_hex(const char *hex)
{
    BIGNUM *x = NULL;
    return BN_hex2bn(&x, hex) ? x : NULL;
}

static curve_t *test_curve(const char *p, const char *a, const char *b, const char *q, const char *gx,
                           const char *gy)
{
    BIGNUM *v[6] = {bn_hex(p), bn_hex(a), bn_hex(b), bn_hex(q), bn_hex(gx), bn_hex(gy)};
    const char *why;
    curve_t *c = NULL;
    int i;
    if (v[0] && v[1] && v[2] && v[3] && v[4] && v[5])
        c = curve_new("self-test", v[0], v[1], v[2], v[3], v[4], v[5], &why);
    for (i = 0; i < 6; i++)
        BN_free(v[i]);
    return c;
}

static const char *self_test_belt(void)
{
    static const char *const hashes[] = {
        "ABEF9725D4C5A83597A367D14494CC2542F20F659DDFECC961A3EC550CBA8C75", /* A.23-1: H[0..13) */
        "749E4C3653AECE5E48DB4761227742EB6DBE13F4A80F7BEFF1A9CF8D10EE7786", /* A.23-2: H[0..32) */
        "9D02EE446FB6A29FE5C982D4B13AF9D3E90861BC4CEF27CF306BFB0B174A154A", /* A.23-3: H[0..48) */
    };
    static const size_t lengths[] = {13, 32, 48};
    uint8_t out[32];
    belt_hash_ctx ctx;
    size_t i;

    /* A.1: key H[128..160), block H[0..16) */
    belt_block(out, BELT_H, BELT_H + 128);
    if (!equals_hex(out, 16, "69CCA1C93557C9E3D66BC3E0FA88FA6E"))
        return "belt-block (A.1)";
    for (i = 0; i < 3; i++) {
        belt_hash(BELT_H, lengths[i], out);
        if (!equals_hex(out, 32, hashes[i]))
            return "belt-hash (A.23)";
    }
    /* the same in odd pieces, and a final value that leaves the state usable */
    belt_hash_init(&ctx);
    belt_hash_update(&ctx, BELT_H, 5);
    belt_hash_final(&ctx, out);
    belt_hash_update(&ctx, BELT_H + 5, 30);
    belt_hash_update(&ctx, BELT_H + 35, 13);
    belt_hash_final(&ctx, out);
    if (!equals_hex(out, 32, hashes[2]))
        return "belt-hash in parts (A.23-3)";
    return NULL;
}

static const char *self_test_bign(void)
{
    curve_t *c = test_curve(BIGN256_P, BIGN256_A, BIGN256_B, BIGN256_Q, "0", BIGN256_GY);
    BIGNUM *d = bn_hex(G1_D_BE), *k = NULL;
    EC_POINT *pub = NULL;
    uint8_t hash[32], sig[48], q_le[64], *k_le = NULL;
    size_t k_len;
    const char *fail = "bign: out of memory";

    if (c == NULL || d == NULL || !hex_decode(G2_K_LE, &k_le, &k_len) ||
        (k = BN_lebin2bn(k_le, (int)k_len, NULL)) == NULL || (pub = EC_POINT_new(c->group)) == NULL)
        goto done;
    fail = "bign public key (G.1)";
    if (!EC_POINT_mul(c->group, pub, d, NULL, NULL, NULL) || !point_to_le(c, pub, q_le) ||
        !equals_hex(q_le, 64, G1_Q_LE))
        goto done;
    belt_hash(BELT_H, 13, hash);
    fail = "bign signature (G.2)";
    if (!bign_sign(c, d, BELT_HASH_OID, sizeof BELT_HASH_OID, hash, k, sig) || !equals_hex(sig, 48, G2_SIG))
        goto done;
    fail = "bign verification (G.2)";
    if (bign_verify(c, pub, BELT_HASH_OID, sizeof BELT_HASH_OID, hash, sig) != 1)
        goto done;
    sig[47] ^= 1;
    if (bign_verify(c, pub, BELT_HASH_OID, sizeof BELT_HASH_OID, hash, sig) != 0)
        goto done;
    fail = NULL;
done:
    free(k_le);
    BN_free(k);
    BN_free(d);
    EC_POINT_free(pub);
    curve_free(c);
    return fail;
}

static const char *self_test_gost(void)
{
    curve_t *c = test_curve(GOST_P, GOST_A, GOST_B, GOST_Q, GOST_PX, GOST_PY);
    BIGNUM *d = bn_hex(GOST_D), *k = bn_hex(GOST_K), *e = bn_hex(GOST_E);
    EC_POINT *pub = NULL;
    uint8_t hash[32], sig[64];
    const char *fail = "GOST: out of memory";

    if (c == NULL || d == NULL || k == NULL || e == NULL || (pub = EC_POINT_new(c->group)) == NULL ||
        !EC_POINT_mul(c->group, pub, d, NULL, NULL, NULL))
        goto done;
    /* the example's e is the hash as an integer: the hash octets are e little-endian */
    if (BN_bn2lebinpad(e, hash, 32) != 32)
        goto done;
    fail = "GOST signature (A.1)";
    if (!gost_sign(c, d, hash, 32, k, sig) || !equals_hex(sig, 64, GOST_SIG))
        goto done;
    fail = "GOST verification (A.1)";
    if (gost_verify(c, pub, hash, 32, sig) != 1)
        goto done;
    sig[10] ^= 1;
    if (gost_verify(c, pub, hash, 32, sig) != 0)
        goto done;
    fail = NULL;
done:
    BN_free(d);
    BN_free(k);
    BN_free(e);
    EC_POINT_free(pub);
    curve_free(c);
    return fail;
}

static int self_test(void)
{
    const char *fail = self_test_belt();
    if (fail == NULL)
        fail = self_test_bign();
    if (fail == NULL)
        fail = self_test_gost();
    if (fail != NULL)
        fprintf(stderr, "p11bign: self-test failed: %s\n", fail);
    return fail == NULL;
}

/* ================================================================ PKCS#11: general, slot, token */

static void lock(void)
{
    pthread_mutex_lock(&g_mu);
}

static void unlock(void)
{
    pthread_mutex_unlock(&g_mu);
}

/* Evaluates expr under the module lock once C_Initialize has succeeded. */
#define GUARDED(expr)                                                          \
    do {                                                                       \
        CK_RV rv_;                                                             \
        lock();                                                                \
        rv_ = g_initialized ? (expr) : CKR_CRYPTOKI_NOT_INITIALIZED;           \
        unlock();                                                              \
        return rv_;                                                            \
    } while (0)

static CK_RV p11_C_Initialize(CK_VOID_PTR pInitArgs)
{
    CK_C_INITIALIZE_ARGS *args = pInitArgs;
    CK_RV rv = CKR_OK;

    if (args != NULL) {
        int any = args->CreateMutex || args->DestroyMutex || args->LockMutex || args->UnlockMutex;
        int all = args->CreateMutex && args->DestroyMutex && args->LockMutex && args->UnlockMutex;
        if (args->pReserved != NULL || (any && !all))
            return CKR_ARGUMENTS_BAD;
        if (all && !(args->flags & CKF_OS_LOCKING_OK))
            return CKR_CANT_LOCK; /* only the OS's locks (pthread) are used */
    }
    lock();
    if (g_initialized) {
        rv = CKR_CRYPTOKI_ALREADY_INITIALIZED;
    } else {
        reset_state();
        if (self_test() && load_configuration()) {
            g_initialized = 1;
        } else {
            reset_state();
            rv = CKR_GENERAL_ERROR;
        }
    }
    unlock();
    return rv;
}

static CK_RV p11_C_Finalize(CK_VOID_PTR pReserved)
{
    CK_RV rv = CKR_OK;
    if (pReserved != NULL)
        return CKR_ARGUMENTS_BAD;
    lock();
    if (!g_initialized) {
        rv = CKR_CRYPTOKI_NOT_INITIALIZED;
    } else {
        reset_state();
        g_initialized = 0;
    }
    unlock();
    return rv;
}

static CK_RV get_info(CK_INFO_PTR info)
{
    if (info == NULL)
        return CKR_ARGUMENTS_BAD;
    memset(info, 0, sizeof *info);
    info->cryptokiVersion.major = 2;
    info->cryptokiVersion.minor = 40;
    pad_copy(info->manufacturerID, sizeof info->manufacturerID, "Pechatka tests");
    pad_copy(info->libraryDescription, sizeof info->libraryDescription, "p11bign bign/GOST test module");
    info->libraryVersion.major = 1;
    info->libraryVersion.minor = 0;
    return CKR_OK;
}

static CK_RV p11_C_GetInfo(CK_INFO_PTR pInfo)
{
    GUARDED(get_info(pInfo));
}

static CK_RV get_slot_list(CK_SLOT_ID_PTR list, CK_ULONG_PTR count)
{
    if (count == NULL)
        return CKR_ARGUMENTS_BAD;
    if (list != NULL) {
        if (*count < 1) {
            *count = 1;
            return CKR_BUFFER_TOO_SMALL;
        }
        list[0] = g_token.slot_id;
    }
    *count = 1; /* the token is always present */
    return CKR_OK;
}

static CK_RV p11_C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount)
{
    (void)tokenPresent;
    GUARDED(get_slot_list(pSlotList, pulCount));
}

static CK_RV get_slot_info(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info)
{
    if (slot != g_token.slot_id)
        return CKR_SLOT_ID_INVALID;
    if (info == NULL)
        return CKR_ARGUMENTS_BAD;
    memset(info, 0, sizeof *info);
    pad_copy(info->slotDescription, sizeof info->slotDescription, g_token.slot_description);
    pad_copy(info->manufacturerID, sizeof info->manufacturerID, g_token.manufacturer);
    info->flags = CKF_TOKEN_PRESENT;
    info->hardwareVersion.major = 1;
    info->firmwareVersion.major = 1;
    return CKR_OK;
}

static CK_RV p11_C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
    GUARDED(get_slot_info(slotID, pInfo));
}

static CK_RV get_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info)
{
    const session_t *s;
    CK_ULONG sessions = 0, rw = 0;

    if (slot != g_token.slot_id)
        return CKR_SLOT_ID_INVALID;
    if (info == NULL)
        return CKR_ARGUMENTS_BAD;
    for (s = g_sessions; s != NULL; s = s->next) {
        sessions++;
        if (s->flags & CKF_RW_SESSION)
            rw++;
    }
    memset(info, 0, sizeof *info);
    pad_copy(info->label, sizeof info->label, g_token.label);
    pad_copy(info->manufacturerID, sizeof info->manufacturerID, g_token.manufacturer);
    pad_copy(info->model, sizeof info->model, g_token.model);
    pad_copy(info->serialNumber, sizeof info->serialNumber, g_token.serial);
    info->flags = CKF_RNG | CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED;
    if (g_token.login_required)
        info->flags |= CKF_LOGIN_REQUIRED;
    if (g_token.pin_max_tries > 0 && g_pin_failures > 0) {
        if (g_pin_failures >= g_token.pin_max_tries)
            info->flags |= CKF_USER_PIN_LOCKED;
        else if (g_pin_failures + 1 == g_token.pin_max_tries)
            info->flags |= CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW;
        else
            info->flags |= CKF_USER_PIN_COUNT_LOW;
    }
    info->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
    info->ulSessionCount = sessions;
    info->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
    info->ulRwSessionCount = rw;
    info->ulMaxPinLen = PIN_MAX_LEN;
    info->ulMinPinLen = 1;
    info->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
    info->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
    info->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
    info->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
    info->hardwareVersion.major = 1;
    info->firmwareVersion.major = 1;
    memset(info->utcTime, ' ', sizeof info->utcTime); /* no clock on the token */
    return CKR_OK;
}

static CK_RV p11_C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
    GUARDED(get_token_info(slotID, pInfo));
}

static CK_RV get_mechanism_list(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count)
{
    size_t i;
    if (slot != g_token.slot_id)
        return CKR_SLOT_ID_INVALID;
    if (count == NULL)
        return CKR_ARGUMENTS_BAD;
    if (list != NULL) {
        if (*count < g_token.nmechanisms) {
            *count = g_token.nmechanisms;
            return CKR_BUFFER_TOO_SMALL;
        }
        for (i = 0; i < g_token.nmechanisms; i++)
            list[i] = g_token.mechanisms[i];
    }
    *count = g_token.nmechanisms;
    return CKR_OK;
}

static CK_RV p11_C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList,
                                    CK_ULONG_PTR pulCount)
{
    GUARDED(get_mechanism_list(slotID, pMechanismList, pulCount));
}

static CK_RV get_mechanism_info(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info)
{
    const mechanism_t *m;
    if (slot != g_token.slot_id)
        return CKR_SLOT_ID_INVALID;
    if (info == NULL)
        return CKR_ARGUMENTS_BAD;
    if (!mechanism_announced(type))
        return CKR_MECHANISM_INVALID;
    m = mechanism_implemented(type);
    memset(info, 0, sizeof *info); /* announced but not implemented: no sizes, no functions */
    if (m != NULL) {
        info->ulMinKeySize = m->min_bits;
        info->ulMaxKeySize = m->max_bits;
        info->flags = m->flags;
    }
    return CKR_OK;
}

static CK_RV p11_C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo)
{
    GUARDED(get_mechanism_info(slotID, type, pInfo));
}

/* ================================================================ PKCS#11: sessions and login */

static CK_RV open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_SESSION_HANDLE_PTR out)
{
    session_t *s, **tail = &g_sessions;

    if (slot != g_token.slot_id)
        return CKR_SLOT_ID_INVALID;
    if (out == NULL)
        return CKR_ARGUMENTS_BAD;
    if (!(flags & CKF_SERIAL_SESSION))
        return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
    if (g_user == CKU_SO && !(flags & CKF_RW_SESSION))
        return CKR_SESSION_READ_WRITE_SO_EXISTS;
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return CKR_HOST_MEMORY;
    s->handle = g_next_session++;
    s->flags = flags & (CKF_SERIAL_SESSION | CKF_RW_SESSION);
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = s;
    *out = s->handle;
    return CKR_OK;
}

static CK_RV p11_C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify,
                               CK_SESSION_HANDLE_PTR phSession)
{
    (void)pApplication; /* no notifications: there are no events to report */
    (void)Notify;
    GUARDED(open_session(slotID, flags, phSession));
}

/* Declares s, the session behind handle h; returns CKR_SESSION_HANDLE_INVALID when there is none. */
#define SESSION_OR_FAIL(s, h)                                                  \
    session_t *s = find_session(h);                                            \
    if (s == NULL)                                                             \
        return CKR_SESSION_HANDLE_INVALID

static CK_RV close_session_handle(CK_SESSION_HANDLE h)
{
    SESSION_OR_FAIL(s, h);
    close_session(s);
    return CKR_OK;
}

static CK_RV p11_C_CloseSession(CK_SESSION_HANDLE hSession)
{
    GUARDED(close_session_handle(hSession));
}

static CK_RV close_all_sessions(CK_SLOT_ID slot)
{
    if (slot != g_token.slot_id)
        return CKR_SLOT_ID_INVALID;
    while (g_sessions != NULL)
        close_session(g_sessions);
    return CKR_OK;
}

static CK_RV p11_C_CloseAllSessions(CK_SLOT_ID slotID)
{
    GUARDED(close_all_sessions(slotID));
}

static CK_RV get_session_info(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info)
{
    SESSION_OR_FAIL(s, h);
    if (info == NULL)
        return CKR_ARGUMENTS_BAD;
    memset(info, 0, sizeof *info);
    info->slotID = g_token.slot_id;
    info->state = session_state(s);
    info->flags = s->flags;
    info->ulDeviceError = 0;
    return CKR_OK;
}

static CK_RV p11_C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo)
{
    GUARDED(get_session_info(hSession, pInfo));
}

static int pin_equals(const char *want, CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
    return strlen(want) == len && CRYPTO_memcmp(want, pin, len) == 0;
}

/* Checks the user PIN, counting failures when the configuration limits them. */
static CK_RV check_user_pin(CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
    if (g_token.pin_max_tries > 0 && g_pin_failures >= g_token.pin_max_tries)
        return CKR_PIN_LOCKED;
    if (!pin_equals(g_token.user_pin, pin, len)) {
        g_pin_failures++;
        return CKR_PIN_INCORRECT;
    }
    g_pin_failures = 0;
    return CKR_OK;
}

/* Ends the operations that use private objects (after a logout). */
static void end_private_operations(void)
{
    session_t *s;
    for (s = g_sessions; s != NULL; s = s->next) {
        object_t *key;
        key = s->sign.active ? find_object(s->sign.key) : NULL;
        if (s->sign.active && (key == NULL || !visible(key)))
            end_operation(&s->sign);
        key = s->verify.active ? find_object(s->verify.key) : NULL;
        if (s->verify.active && (key == NULL || !visible(key)))
            end_operation(&s->verify);
    }
}

static CK_RV login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
    const session_t *other;
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    if (user != CKU_USER && user != CKU_SO && user != CKU_CONTEXT_SPECIFIC)
        return CKR_USER_TYPE_INVALID;
    if (pin == NULL)
        return CKR_ARGUMENTS_BAD; /* no protected authentication path (PIN pad) */
    if (user == CKU_CONTEXT_SPECIFIC) {
        /* v2.40 §5.5: right after C_SignInit with a CKA_ALWAYS_AUTHENTICATE key */
        if (!s->sign.active || !s->sign.needs_context_login)
            return CKR_OPERATION_NOT_INITIALIZED;
        if (!user_logged_in())
            return CKR_USER_NOT_LOGGED_IN;
        rv = check_user_pin(pin, len);
        if (rv == CKR_OK)
            s->sign.needs_context_login = 0;
        return rv; /* a wrong PIN leaves the operation waiting for another try */
    }
    if (g_user == user)
        return CKR_USER_ALREADY_LOGGED_IN;
    if (g_user != NOBODY)
        return CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
    if (user == CKU_SO) {
        for (other = g_sessions; other != NULL; other = other->next)
            if (!(other->flags & CKF_RW_SESSION))
                return CKR_SESSION_READ_ONLY_EXISTS;
        if (!g_token.has_so_pin || !pin_equals(g_token.so_pin, pin, len))
            return CKR_PIN_INCORRECT;
        g_user = CKU_SO;
        return CKR_OK;
    }
    rv = check_user_pin(pin, len);
    if (rv == CKR_OK)
        g_user = CKU_USER;
    return rv;
}

static CK_RV p11_C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin,
                         CK_ULONG ulPinLen)
{
    GUARDED(login(hSession, userType, pPin, ulPinLen));
}

static CK_RV logout(CK_SESSION_HANDLE h)
{
    SESSION_OR_FAIL(s, h);
    (void)s;
    if (g_user == NOBODY)
        return CKR_USER_NOT_LOGGED_IN;
    g_user = NOBODY;
    end_private_operations();
    return CKR_OK;
}

static CK_RV p11_C_Logout(CK_SESSION_HANDLE hSession)
{
    GUARDED(logout(hSession));
}

/* ================================================================ PKCS#11: objects */

typedef enum { VALUE_BYTES, VALUE_BOOL, VALUE_ULONG, VALUE_MECHANISMS } value_kind;

static value_kind attribute_value_kind(CK_ATTRIBUTE_TYPE type)
{
    switch (type) {
    case CKA_TOKEN: case CKA_PRIVATE: case CKA_MODIFIABLE: case CKA_COPYABLE: case CKA_DESTROYABLE:
    case CKA_TRUSTED: case CKA_SENSITIVE: case CKA_DECRYPT: case CKA_SIGN: case CKA_SIGN_RECOVER:
    case CKA_UNWRAP: case CKA_EXTRACTABLE: case CKA_WRAP_WITH_TRUSTED: case CKA_ALWAYS_AUTHENTICATE:
    case CKA_DERIVE: case CKA_ENCRYPT: case CKA_VERIFY: case CKA_VERIFY_RECOVER: case CKA_WRAP:
    case CKA_LOCAL: case CKA_ALWAYS_SENSITIVE: case CKA_NEVER_EXTRACTABLE:
        return VALUE_BOOL;
    case CKA_CLASS: case CKA_KEY_TYPE: case CKA_CERTIFICATE_TYPE: case CKA_CERTIFICATE_CATEGORY:
    case CKA_JAVA_MIDP_SECURITY_DOMAIN: case CKA_KEY_GEN_MECHANISM:
        return VALUE_ULONG;
    case CKA_ALLOWED_MECHANISMS:
        return VALUE_MECHANISMS;
    default:
        return VALUE_BYTES;
    }
}

static const CK_ATTRIBUTE *template_find(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type)
{
    CK_ULONG i;
    for (i = 0; i < n; i++)
        if (t[i].type == type)
            return &t[i];
    return NULL;
}

/* A CK_BBOOL from a checked template, or the fallback when absent. */
static int template_bool(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type, int fallback)
{
    const CK_ATTRIBUTE *a = template_find(t, n, type);
    return a == NULL ? fallback : *(const CK_BBOOL *)a->pValue != CK_FALSE;
}

/* A CK_ULONG from a checked template, or the fallback when absent. */
static CK_ULONG template_ulong(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type, CK_ULONG fallback)
{
    const CK_ATTRIBUTE *a = template_find(t, n, type);
    CK_ULONG v;
    if (a == NULL)
        return fallback;
    memcpy(&v, a->pValue, sizeof v);
    return v;
}

/*
 * Checks a template an application gives to make an object: only the listed
 * attribute types (CKR_ATTRIBUTE_TYPE_INVALID), values of the right size
 * (CKR_ATTRIBUTE_VALUE_INVALID), none twice (CKR_TEMPLATE_INCONSISTENT).
 */
static CK_RV check_template(const CK_ATTRIBUTE *t, CK_ULONG n, const CK_ATTRIBUTE_TYPE *allowed, size_t nallowed)
{
    CK_ULONG i, j;
    size_t k;

    if (t == NULL && n > 0)
        return CKR_ARGUMENTS_BAD;
    for (i = 0; i < n; i++) {
        int known = 0;
        for (k = 0; k < nallowed && !known; k++)
            known = allowed[k] == t[i].type;
        if (!known)
            return CKR_ATTRIBUTE_TYPE_INVALID;
        if (t[i].pValue == NULL && t[i].ulValueLen > 0)
            return CKR_ATTRIBUTE_VALUE_INVALID;
        switch (attribute_value_kind(t[i].type)) {
        case VALUE_BOOL:
            if (t[i].ulValueLen != sizeof(CK_BBOOL))
                return CKR_ATTRIBUTE_VALUE_INVALID;
            break;
        case VALUE_ULONG:
            if (t[i].ulValueLen != sizeof(CK_ULONG))
                return CKR_ATTRIBUTE_VALUE_INVALID;
            break;
        case VALUE_MECHANISMS:
            if (t[i].ulValueLen % sizeof(CK_MECHANISM_TYPE) != 0)
                return CKR_ATTRIBUTE_VALUE_INVALID;
            break;
        case VALUE_BYTES:
            break;
        }
        for (j = 0; j < i; j++)
            if (t[j].type == t[i].type)
                return CKR_TEMPLATE_INCONSISTENT;
    }
    return CKR_OK;
}

/* Copies a checked template onto an object. */
static CK_RV apply_template(object_t *o, const CK_ATTRIBUTE *t, CK_ULONG n)
{
    CK_ULONG i;
    for (i = 0; i < n; i++)
        if (!obj_set(o, t[i].type, t[i].pValue, t[i].ulValueLen))
            return CKR_HOST_MEMORY;
    return CKR_OK;
}

/* What an application may set on a certificate object (v2.40 §4.6). */
static const CK_ATTRIBUTE_TYPE CERTIFICATE_ATTRIBUTES[] = {
    CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE, CKA_COPYABLE, CKA_DESTROYABLE, CKA_LABEL, CKA_ID,
    CKA_CERTIFICATE_TYPE, CKA_TRUSTED, CKA_CERTIFICATE_CATEGORY, CKA_CHECK_VALUE, CKA_START_DATE,
    CKA_END_DATE, CKA_VALUE, CKA_SUBJECT, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_URL,
    CKA_HASH_OF_SUBJECT_PUBLIC_KEY, CKA_HASH_OF_ISSUER_PUBLIC_KEY, CKA_JAVA_MIDP_SECURITY_DOMAIN,
};

/* Only X.509 certificates can be created (in memory, until C_Finalize). */
static CK_RV create_object(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR out)
{
    const CK_ATTRIBUTE *cls, *value;
    object_t *o;
    int token, private_;
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    if (out == NULL || (t == NULL && n > 0))
        return CKR_ARGUMENTS_BAD;
    cls = template_find(t, n, CKA_CLASS);
    if (cls == NULL)
        return CKR_TEMPLATE_INCOMPLETE;
    if (cls->pValue == NULL || cls->ulValueLen != sizeof(CK_ULONG) ||
        template_ulong(t, n, CKA_CLASS, 0) != CKO_CERTIFICATE)
        return CKR_ATTRIBUTE_VALUE_INVALID; /* keys and data objects are not imported */
    rv = check_template(t, n, CERTIFICATE_ATTRIBUTES, sizeof CERTIFICATE_ATTRIBUTES / sizeof CERTIFICATE_ATTRIBUTES[0]);
    if (rv != CKR_OK)
        return rv;
    if (template_find(t, n, CKA_CERTIFICATE_TYPE) == NULL || (value = template_find(t, n, CKA_VALUE)) == NULL)
        return CKR_TEMPLATE_INCOMPLETE;
    if (template_ulong(t, n, CKA_CERTIFICATE_TYPE, 0) != CKC_X_509)
        return CKR_ATTRIBUTE_VALUE_INVALID;
    token = template_bool(t, n, CKA_TOKEN, 0);
    private_ = template_bool(t, n, CKA_PRIVATE, 0);
    if (token && !(s->flags & CKF_RW_SESSION))
        return CKR_SESSION_READ_ONLY;
    if (private_ && !user_logged_in())
        return CKR_USER_NOT_LOGGED_IN;
    o = certificate_object(value->pValue, value->ulValueLen);
    if (o == NULL || !obj_set_bool(o, CKA_TOKEN, 0) || apply_template(o, t, n) != CKR_OK) {
        object_free(o);
        return CKR_HOST_MEMORY;
    }
    add_object(o, token ? 0 : s->handle);
    *out = o->handle;
    return CKR_OK;
}

static CK_RV p11_C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
                                CK_OBJECT_HANDLE_PTR phObject)
{
    GUARDED(create_object(hSession, pTemplate, ulCount, phObject));
}

static CK_RV destroy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE handle)
{
    object_t *o, **p;
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    if ((rv = lookup_object(handle, &o)) != CKR_OK)
        return rv;
    if (obj_bool(o, CKA_TOKEN) && !(s->flags & CKF_RW_SESSION))
        return CKR_SESSION_READ_ONLY;
    if (!obj_bool(o, CKA_DESTROYABLE))
        return CKR_ACTION_PROHIBITED;
    for (p = &g_objects; *p != o; p = &(*p)->next) {
    }
    *p = o->next;
    object_free(o); /* operations still holding the handle fail with CKR_KEY_HANDLE_INVALID */
    return CKR_OK;
}

static CK_RV p11_C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)
{
    GUARDED(destroy_object(hSession, hObject));
}

/*
 * v2.40 §5.7: every attribute of the template is answered; the return value
 * says the worst that happened (sensitive, unknown, buffer too small).
 */
static CK_RV get_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE handle, CK_ATTRIBUTE_PTR t, CK_ULONG n)
{
    object_t *o;
    CK_RV rv, result = CKR_OK;
    CK_ULONG i;
    SESSION_OR_FAIL(s, h);

    (void)s;
    if (t == NULL && n > 0)
        return CKR_ARGUMENTS_BAD;
    if ((rv = lookup_object(handle, &o)) != CKR_OK)
        return rv;
    for (i = 0; i < n; i++) {
        const attr_t *a = obj_attr(o, t[i].type);
        if (a == NULL) {
            t[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
            result = CKR_ATTRIBUTE_TYPE_INVALID;
        } else if (a->sensitive) {
            t[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
            result = CKR_ATTRIBUTE_SENSITIVE;
        } else if (t[i].pValue == NULL) {
            t[i].ulValueLen = a->len;
        } else if (t[i].ulValueLen >= a->len) {
            if (a->len > 0)
                memcpy(t[i].pValue, a->value, a->len);
            t[i].ulValueLen = a->len;
        } else {
            t[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
            result = CKR_BUFFER_TOO_SMALL;
        }
    }
    return result;
}

static CK_RV p11_C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
                                     CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
    GUARDED(get_attribute_value(hSession, hObject, pTemplate, ulCount));
}

/* An object matches a search template when it has every attribute with exactly that value. */
static int matches(const object_t *o, const CK_ATTRIBUTE *t, CK_ULONG n)
{
    CK_ULONG i;
    for (i = 0; i < n; i++) {
        const attr_t *a = obj_attr(o, t[i].type);
        if (a == NULL || a->sensitive || a->len != t[i].ulValueLen ||
            (a->len > 0 && memcmp(a->value, t[i].pValue, a->len) != 0))
            return 0;
    }
    return 1;
}

static CK_RV find_objects_init(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n)
{
    const object_t *o;
    size_t count = 0;
    CK_ULONG i;
    SESSION_OR_FAIL(s, h);

    if (t == NULL && n > 0)
        return CKR_ARGUMENTS_BAD;
    for (i = 0; i < n; i++)
        if (t[i].pValue == NULL && t[i].ulValueLen > 0)
            return CKR_ARGUMENTS_BAD;
    if (s->finding)
        return CKR_OPERATION_ACTIVE;
    for (o = g_objects; o != NULL; o = o->next)
        count++;
    s->found = calloc(count ? count : 1, sizeof *s->found);
    if (s->found == NULL)
        return CKR_HOST_MEMORY;
    for (o = g_objects; o != NULL; o = o->next)
        if (visible(o) && matches(o, t, n))
            s->found[s->nfound++] = o->handle;
    s->next_found = 0;
    s->finding = 1;
    return CKR_OK;
}

static CK_RV p11_C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
    GUARDED(find_objects_init(hSession, pTemplate, ulCount));
}

static CK_RV find_objects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR out, CK_ULONG max, CK_ULONG_PTR count)
{
    SESSION_OR_FAIL(s, h);

    if (!s->finding)
        return CKR_OPERATION_NOT_INITIALIZED;
    if (count == NULL || (out == NULL && max > 0))
        return CKR_ARGUMENTS_BAD;
    *count = 0;
    while (*count < max && s->next_found < s->nfound) {
        const object_t *o = find_object(s->found[s->next_found++]);
        if (o != NULL && visible(o)) /* not destroyed, not hidden by a logout meanwhile */
            out[(*count)++] = o->handle;
    }
    return CKR_OK;
}

static CK_RV p11_C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject,
                               CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount)
{
    GUARDED(find_objects(hSession, phObject, ulMaxObjectCount, pulObjectCount));
}

static CK_RV find_objects_final(CK_SESSION_HANDLE h)
{
    SESSION_OR_FAIL(s, h);
    if (!s->finding)
        return CKR_OPERATION_NOT_INITIALIZED;
    end_find(s);
    return CKR_OK;
}

static CK_RV p11_C_FindObjectsFinal(CK_SESSION_HANDLE hSession)
{
    GUARDED(find_objects_final(hSession));
}

/* ================================================================ PKCS#11: signatures */

/* The key kind a signature mechanism works with; -1 for other mechanisms. */
static int signature_kind(CK_MECHANISM_TYPE m)
{
    switch (m) {
    case CKM_BIGN:
    case CKM_BIGN_HBELT:
        return KIND_BIGN;
    case CKM_GOSTR3410:
        return KIND_GOST256;
    case CKM_GOSTR3410_512:
        return KIND_GOST512;
    default:
        return -1;
    }
}

/* Whether the key's CKA_ALLOWED_MECHANISMS (empty: no restriction) allows m. */
static int mechanism_allowed(const object_t *key, CK_MECHANISM_TYPE m)
{
    const attr_t *a = obj_attr(key, CKA_ALLOWED_MECHANISMS);
    size_t i, n = a == NULL ? 0 : a->len / sizeof(CK_MECHANISM_TYPE);
    for (i = 0; i < n; i++) {
        CK_MECHANISM_TYPE allowed;
        memcpy(&allowed, a->value + i * sizeof allowed, sizeof allowed);
        if (allowed == m)
            return 1;
    }
    return n == 0;
}

/* Signature length: bign 3l/8 octets (S0 || S1), GOST 2 * 32 or 2 * 64 (s || r). */
static size_t signature_length(const object_t *key)
{
    return key->kind == KIND_BIGN ? key->curve->field_len * 3 / 2 : key->curve->field_len * 2;
}

/* C_SignInit / C_VerifyInit: mechanism, key and parameter. */
static CK_RV init_operation(operation_t *op, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE handle, int signing)
{
    object_t *key;
    CK_RV rv;

    if (m == NULL)
        return CKR_ARGUMENTS_BAD;
    if (op->active)
        return CKR_OPERATION_ACTIVE;
    if (!mechanism_announced(m->mechanism) || signature_kind(m->mechanism) < 0)
        return CKR_MECHANISM_INVALID;
    rv = lookup_object(handle, &key);
    if (rv == CKR_OBJECT_HANDLE_INVALID || (rv == CKR_OK && key->curve == NULL))
        return CKR_KEY_HANDLE_INVALID;
    if (rv != CKR_OK)
        return rv;
    if (obj_class(key) != (signing ? CKO_PRIVATE_KEY : CKO_PUBLIC_KEY) ||
        !obj_bool(key, signing ? CKA_SIGN : CKA_VERIFY))
        return CKR_KEY_FUNCTION_NOT_PERMITTED;
    if ((int)key->kind != signature_kind(m->mechanism))
        return CKR_KEY_TYPE_INCONSISTENT;
    if (!mechanism_allowed(key, m->mechanism))
        return CKR_MECHANISM_INVALID;
    if (m->mechanism == CKM_BIGN_HBELT && key->curve->field_len != 32)
        return CKR_KEY_SIZE_RANGE; /* bign-with-hbelt is defined for l = 128 only */
    memset(op, 0, sizeof *op);
    if (m->mechanism == CKM_BIGN) {
        /* STB 34.101.78: the parameter is the DER of the hash algorithm's OID */
        if (m->ulParameterLen > OID_MAX || !der_is_oid(m->pParameter, m->ulParameterLen))
            return CKR_MECHANISM_PARAM_INVALID;
        memcpy(op->oid, m->pParameter, m->ulParameterLen);
        op->oid_len = m->ulParameterLen;
    } else {
        if (m->ulParameterLen != 0)
            return CKR_MECHANISM_PARAM_INVALID;
        if (m->mechanism == CKM_BIGN_HBELT) {
            memcpy(op->oid, BELT_HASH_OID, sizeof BELT_HASH_OID);
            op->oid_len = sizeof BELT_HASH_OID;
            belt_hash_init(&op->hash);
        }
    }
    op->active = 1;
    op->mechanism = m->mechanism;
    op->key = handle;
    op->needs_context_login = signing && obj_bool(key, CKA_ALWAYS_AUTHENTICATE);
    return CKR_OK;
}

/* The key of an active operation, looked up again: it may be gone, or hidden by a logout. */
static CK_RV operation_key(const operation_t *op, object_t **key)
{
    CK_RV rv = lookup_object(op->key, key);
    return rv == CKR_OBJECT_HANDLE_INVALID ? CKR_KEY_HANDLE_INVALID : rv;
}

/*
 * The hash a single-part call signs or verifies: the data itself for
 * CKM_BIGN and GOST (which must have the key's hash length), belt-hash of
 * the data for CKM_BIGN_HBELT.
 */
static CK_RV single_part_hash(const operation_t *op, const object_t *key, const uint8_t *data, CK_ULONG len,
                              uint8_t hash[64])
{
    if (op->multipart)
        return CKR_OPERATION_ACTIVE; /* C_Sign / C_Verify cannot end a multi-part operation */
    if (op->mechanism == CKM_BIGN_HBELT) {
        belt_hash(data, len, hash);
        return CKR_OK;
    }
    if (len != key->curve->field_len)
        return CKR_DATA_LEN_RANGE;
    memcpy(hash, data, len);
    return CKR_OK;
}

/*
 * The end of C_Sign and C_SignFinal (v2.40 §5.2): NULL sig asks for the
 * length, a short buffer gets CKR_BUFFER_TOO_SMALL; both keep the operation.
 * Anything else ends it.
 */
static CK_RV finish_sign(operation_t *op, const object_t *key, const uint8_t *hash, CK_BYTE_PTR sig,
                         CK_ULONG_PTR sig_len)
{
    size_t need = signature_length(key);
    int ok;

    if (sig == NULL) {
        *sig_len = need;
        return CKR_OK;
    }
    if (*sig_len < need) {
        *sig_len = need;
        return CKR_BUFFER_TOO_SMALL;
    }
    if (key->kind == KIND_BIGN)
        ok = bign_sign(key->curve, key->d, op->oid, op->oid_len, hash, NULL, sig);
    else
        ok = gost_sign(key->curve, key->d, hash, key->curve->field_len, NULL, sig);
    end_operation(op);
    if (!ok)
        return CKR_FUNCTION_FAILED;
    *sig_len = need;
    return CKR_OK;
}

/* Checks common to C_Sign, C_SignUpdate and C_SignFinal; ends the operation on failure. */
static CK_RV sign_step(operation_t *op, int final_or_update, object_t **key)
{
    CK_RV rv = CKR_OK;
    if (final_or_update && op->mechanism != CKM_BIGN_HBELT)
        rv = CKR_FUNCTION_NOT_SUPPORTED; /* CKM_BIGN and GOST sign a hash in one part */
    else if (op->needs_context_login)
        rv = CKR_USER_NOT_LOGGED_IN; /* CKA_ALWAYS_AUTHENTICATE: C_Login(CKU_CONTEXT_SPECIFIC) first */
    else
        rv = operation_key(op, key);
    if (rv != CKR_OK)
        end_operation(op);
    return rv;
}

static CK_RV sign_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE key)
{
    SESSION_OR_FAIL(s, h);
    return init_operation(&s->sign, m, key, 1);
}

static CK_RV p11_C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey)
{
    GUARDED(sign_init(hSession, pMechanism, hKey));
}

static CK_RV sign(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len)
{
    object_t *key;
    uint8_t hash[64];
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    if (!s->sign.active)
        return CKR_OPERATION_NOT_INITIALIZED;
    if (sig_len == NULL || (data == NULL && len > 0)) {
        end_operation(&s->sign);
        return CKR_ARGUMENTS_BAD;
    }
    if ((rv = sign_step(&s->sign, 0, &key)) != CKR_OK)
        return rv;
    if ((rv = single_part_hash(&s->sign, key, data, len, hash)) != CKR_OK) {
        end_operation(&s->sign);
        return rv;
    }
    return finish_sign(&s->sign, key, hash, sig, sig_len);
}

static CK_RV p11_C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
                        CK_ULONG_PTR pulSignatureLen)
{
    GUARDED(sign(hSession, pData, ulDataLen, pSignature, pulSignatureLen));
}

static CK_RV sign_update(CK_SESSION_HANDLE h, CK_BYTE_PTR part, CK_ULONG len)
{
    object_t *key;
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    if (!s->sign.active)
        return CKR_OPERATION_NOT_INITIALIZED;
    if (part == NULL && len > 0) {
        end_operation(&s->sign);
        return CKR_ARGUMENTS_BAD;
    }
    if ((rv = sign_step(&s->sign, 1, &key)) != CKR_OK)
        return rv;
    belt_hash_update(&s->sign.hash, part, len);
    s->sign.multipart = 1;
    return CKR_OK;
}

static CK_RV p11_C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
    GUARDED(sign_update(hSession, pPart, ulPartLen));
}

static CK_RV sign_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len)
{
    object_t *key;
    uint8_t hash[32];
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    if (!s->sign.active)
        return CKR_OPERATION_NOT_INITIALIZED;
    if (sig_len == NULL) {
        end_operation(&s->sign);
        return CKR_ARGUMENTS_BAD;
    }
    if ((rv = sign_step(&s->sign, 1, &key)) != CKR_OK)
        return rv;
    belt_hash_final(&s->sign.hash, hash); /* leaves the state for a call after a length query */
    return finish_sign(&s->sign, key, hash, sig, sig_len);
}

static CK_RV p11_C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
    GUARDED(sign_final(hSession, pSignature, pulSignatureLen));
}

static CK_RV check_signature(const operation_t *op, const object_t *key, const uint8_t *hash, const uint8_t *sig,
                             CK_ULONG sig_len)
{
    int result;
    if (sig_len != signature_length(key))
        return CKR_SIGNATURE_LEN_RANGE;
    if (key->kind == KIND_BIGN)
        result = bign_verify(key->curve, key->pub, op->oid, op->oid_len, hash, sig);
    else
        result = gost_verify(key->curve, key->pub, hash, key->curve->field_len, sig);
    return result == 1 ? CKR_OK : result == 0 ? CKR_SIGNATURE_INVALID : CKR_FUNCTION_FAILED;
}

static CK_RV verify_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE key)
{
    SESSION_OR_FAIL(s, h);
    return init_operation(&s->verify, m, key, 0);
}

static CK_RV p11_C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey)
{
    GUARDED(verify_init(hSession, pMechanism, hKey));
}

/* C_Verify always ends the operation. */
static CK_RV verify(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG sig_len)
{
    object_t *key;
    uint8_t hash[64];
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    if (!s->verify.active)
        return CKR_OPERATION_NOT_INITIALIZED;
    if (sig == NULL || (data == NULL && len > 0))
        rv = CKR_ARGUMENTS_BAD;
    else if ((rv = operation_key(&s->verify, &key)) == CKR_OK &&
             (rv = single_part_hash(&s->verify, key, data, len, hash)) == CKR_OK)
        rv = check_signature(&s->verify, key, hash, sig, sig_len);
    end_operation(&s->verify);
    return rv;
}

static CK_RV p11_C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                          CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen)
{
    GUARDED(verify(hSession, pData, ulDataLen, pSignature, ulSignatureLen));
}

static CK_RV verify_update(CK_SESSION_HANDLE h, CK_BYTE_PTR part, CK_ULONG len)
{
    CK_RV rv = CKR_OK;
    SESSION_OR_FAIL(s, h);

    if (!s->verify.active)
        return CKR_OPERATION_NOT_INITIALIZED;
    if (part == NULL && len > 0)
        rv = CKR_ARGUMENTS_BAD;
    else if (s->verify.mechanism != CKM_BIGN_HBELT)
        rv = CKR_FUNCTION_NOT_SUPPORTED;
    if (rv != CKR_OK) {
        end_operation(&s->verify);
        return rv;
    }
    belt_hash_update(&s->verify.hash, part, len);
    s->verify.multipart = 1;
    return CKR_OK;
}

static CK_RV p11_C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
    GUARDED(verify_update(hSession, pPart, ulPartLen));
}

static CK_RV verify_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG sig_len)
{
    object_t *key;
    uint8_t hash[32];
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    if (!s->verify.active)
        return CKR_OPERATION_NOT_INITIALIZED;
    if (sig == NULL)
        rv = CKR_ARGUMENTS_BAD;
    else if (s->verify.mechanism != CKM_BIGN_HBELT)
        rv = CKR_FUNCTION_NOT_SUPPORTED;
    else if ((rv = operation_key(&s->verify, &key)) == CKR_OK) {
        belt_hash_final(&s->verify.hash, hash);
        rv = check_signature(&s->verify, key, hash, sig, sig_len);
    }
    end_operation(&s->verify);
    return rv;
}

static CK_RV p11_C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen)
{
    GUARDED(verify_final(hSession, pSignature, ulSignatureLen));
}

/* ================================================================ PKCS#11: key generation, random */

static const CK_ATTRIBUTE_TYPE PUBLIC_KEY_ATTRIBUTES[] = {
    CKA_CLASS, CKA_KEY_TYPE, CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE, CKA_COPYABLE, CKA_DESTROYABLE,
    CKA_LABEL, CKA_ID, CKA_START_DATE, CKA_END_DATE, CKA_DERIVE, CKA_ALLOWED_MECHANISMS, CKA_SUBJECT,
    CKA_ENCRYPT, CKA_VERIFY, CKA_VERIFY_RECOVER, CKA_WRAP, CKA_TRUSTED,
    CKA_EC_PARAMS, CKA_GOSTR3410_PARAMS, CKA_GOSTR3411_PARAMS, CKA_GOST28147_PARAMS,
};

static const CK_ATTRIBUTE_TYPE PRIVATE_KEY_ATTRIBUTES[] = {
    CKA_CLASS, CKA_KEY_TYPE, CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE, CKA_COPYABLE, CKA_DESTROYABLE,
    CKA_LABEL, CKA_ID, CKA_START_DATE, CKA_END_DATE, CKA_DERIVE, CKA_ALLOWED_MECHANISMS, CKA_SUBJECT,
    CKA_SENSITIVE, CKA_DECRYPT, CKA_SIGN, CKA_SIGN_RECOVER, CKA_UNWRAP, CKA_EXTRACTABLE,
    CKA_WRAP_WITH_TRUSTED, CKA_ALWAYS_AUTHENTICATE,
    CKA_EC_PARAMS, CKA_GOSTR3410_PARAMS, CKA_GOSTR3411_PARAMS, CKA_GOST28147_PARAMS,
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The value of a domain-parameter attribute from either template (the public one first). */
static CK_RV template_params(const CK_ATTRIBUTE *pub, CK_ULONG npub, const CK_ATTRIBUTE *priv, CK_ULONG npriv,
                             CK_ATTRIBUTE_TYPE type, const CK_ATTRIBUTE **out)
{
    const CK_ATTRIBUTE *a = template_find(pub, npub, type), *b = template_find(priv, npriv, type);
    if (a != NULL && b != NULL &&
        (a->ulValueLen != b->ulValueLen || (a->ulValueLen > 0 && memcmp(a->pValue, b->pValue, a->ulValueLen) != 0)))
        return CKR_TEMPLATE_INCONSISTENT;
    *out = a != NULL ? a : b;
    return CKR_OK;
}

static CK_RV generate_key_pair(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR pub_t, CK_ULONG npub,
                               CK_ATTRIBUTE_PTR priv_t, CK_ULONG npriv, CK_OBJECT_HANDLE_PTR pub_out,
                               CK_OBJECT_HANDLE_PTR priv_out)
{
    key_spec_t spec;
    CK_ATTRIBUTE_TYPE params_type, other_type;
    const CK_ATTRIBUTE *params, *hash_params = NULL;
    object_t *pub_obj = NULL, *priv_obj = NULL;
    BIGNUM *d = NULL;
    EC_POINT *pub = NULL;
    int token;
    CK_RV rv;
    SESSION_OR_FAIL(s, h);

    memset(&spec, 0, sizeof spec);
    rv = CKR_ARGUMENTS_BAD;
    if (m == NULL || pub_out == NULL || priv_out == NULL)
        goto done;
    rv = CKR_MECHANISM_INVALID;
    if (!mechanism_announced(m->mechanism))
        goto done;
    if (m->mechanism == CKM_EC_KEY_PAIR_GEN) {
        spec.kind = KIND_BIGN;
        params_type = CKA_EC_PARAMS;
        other_type = CKA_GOSTR3410_PARAMS;
    } else if (m->mechanism == CKM_GOSTR3410_KEY_PAIR_GEN || m->mechanism == CKM_GOSTR3410_512_KEY_PAIR_GEN) {
        spec.kind = m->mechanism == CKM_GOSTR3410_KEY_PAIR_GEN ? KIND_GOST256 : KIND_GOST512;
        params_type = CKA_GOSTR3410_PARAMS;
        other_type = CKA_EC_PARAMS;
    } else {
        goto done;
    }
    rv = CKR_MECHANISM_PARAM_INVALID;
    if (m->ulParameterLen != 0)
        goto done;
    rv = CKR_USER_NOT_LOGGED_IN;
    if (!user_logged_in())
        goto done;
    if ((rv = check_template(pub_t, npub, PUBLIC_KEY_ATTRIBUTES, NELEMS(PUBLIC_KEY_ATTRIBUTES))) != CKR_OK ||
        (rv = check_template(priv_t, npriv, PRIVATE_KEY_ATTRIBUTES, NELEMS(PRIVATE_KEY_ATTRIBUTES))) != CKR_OK)
        goto done;
    rv = CKR_TEMPLATE_INCONSISTENT;
    if (template_ulong(pub_t, npub, CKA_CLASS, CKO_PUBLIC_KEY) != CKO_PUBLIC_KEY ||
        template_ulong(priv_t, npriv, CKA_CLASS, CKO_PRIVATE_KEY) != CKO_PRIVATE_KEY ||
        template_ulong(pub_t, npub, CKA_KEY_TYPE, key_type_of(spec.kind)) != key_type_of(spec.kind) ||
        template_ulong(priv_t, npriv, CKA_KEY_TYPE, key_type_of(spec.kind)) != key_type_of(spec.kind) ||
        template_find(pub_t, npub, other_type) != NULL || template_find(priv_t, npriv, other_type) != NULL)
        goto done;
    if (spec.kind == KIND_BIGN && (template_find(pub_t, npub, CKA_GOSTR3411_PARAMS) != NULL ||
                                   template_find(priv_t, npriv, CKA_GOSTR3411_PARAMS) != NULL))
        goto done;
    if ((rv = template_params(pub_t, npub, priv_t, npriv, params_type, &params)) != CKR_OK ||
        (rv = template_params(pub_t, npub, priv_t, npriv, CKA_GOSTR3411_PARAMS, &hash_params)) != CKR_OK)
        goto done;
    rv = CKR_TEMPLATE_INCOMPLETE;
    if (params == NULL)
        goto done;
    rv = CKR_CURVE_NOT_SUPPORTED;
    spec.curve = curve_by_oid(params->pValue, params->ulValueLen);
    if (spec.curve == NULL || !curve_fits(spec.kind, spec.curve))
        goto done;
    /* keys never leave this token */
    rv = CKR_ATTRIBUTE_VALUE_INVALID;
    if (!template_bool(priv_t, npriv, CKA_SENSITIVE, 1) || template_bool(priv_t, npriv, CKA_EXTRACTABLE, 0))
        goto done;
    token = template_bool(pub_t, npub, CKA_TOKEN, 0) || template_bool(priv_t, npriv, CKA_TOKEN, 0);
    rv = CKR_SESSION_READ_ONLY;
    if (token && !(s->flags & CKF_RW_SESSION))
        goto done;

    spec.params = params->pValue;
    spec.params_len = params->ulValueLen;
    if (hash_params != NULL) {
        spec.hash_params = hash_params->pValue;
        spec.hash_params_len = hash_params->ulValueLen;
    } else if (spec.kind != KIND_BIGN) {
        spec.hash_params = spec.kind == KIND_GOST256 ? STREEBOG256_OID : STREEBOG512_OID;
        spec.hash_params_len = spec.kind == KIND_GOST256 ? sizeof STREEBOG256_OID : sizeof STREEBOG512_OID;
    }
    spec.ec_point = g_token.ec_point;
    spec.gen_mechanism = m->mechanism;
    rv = CKR_HOST_MEMORY;
    if ((d = BN_new()) == NULL || (pub = EC_POINT_new(spec.curve->group)) == NULL)
        goto done;
    rv = CKR_FUNCTION_FAILED;
    if (!random_scalar(d, curve_order(spec.curve)) || !EC_POINT_mul(spec.curve->group, pub, d, NULL, NULL, NULL))
        goto done;
    rv = CKR_HOST_MEMORY;
    pub_obj = public_key_object(&spec, pub);
    priv_obj = private_key_object(&spec, d);
    if (pub_obj == NULL || priv_obj == NULL || !obj_set_bool(pub_obj, CKA_TOKEN, 0) ||
        !obj_set_bool(priv_obj, CKA_TOKEN, 0) || apply_template(pub_obj, pub_t, npub) != CKR_OK ||
        apply_template(priv_obj, priv_t, npriv) != CKR_OK)
        goto done;
    /* a pair is kept together: both token objects, or both session objects */
    if (!obj_set_bool(pub_obj, CKA_TOKEN, token) || !obj_set_bool(priv_obj, CKA_TOKEN, token))
        goto done;
    add_object(pub_obj, token ? 0 : s->handle);
    add_object(priv_obj, token ? 0 : s->handle);
    *pub_out = pub_obj->handle;
    *priv_out = priv_obj->handle;
    pub_obj = priv_obj = NULL;
    rv = CKR_OK;
done:
    object_free(pub_obj);
    object_free(priv_obj);
    BN_clear_free(d);
    EC_POINT_free(pub);
    return rv;
}

static CK_RV p11_C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                                   CK_ATTRIBUTE_PTR pPublicKeyTemplate, CK_ULONG ulPublicKeyAttributeCount,
                                   CK_ATTRIBUTE_PTR pPrivateKeyTemplate, CK_ULONG ulPrivateKeyAttributeCount,
                                   CK_OBJECT_HANDLE_PTR phPublicKey, CK_OBJECT_HANDLE_PTR phPrivateKey)
{
    GUARDED(generate_key_pair(hSession, pMechanism, pPublicKeyTemplate, ulPublicKeyAttributeCount,
                              pPrivateKeyTemplate, ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey));
}

static CK_RV generate_random(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG len)
{
    SESSION_OR_FAIL(s, h);
    (void)s;
    if (out == NULL && len > 0)
        return CKR_ARGUMENTS_BAD;
    while (len > 0) {
        int chunk = len > 65536 ? 65536 : (int)len;
        if (RAND_bytes(out, chunk) != 1)
            return CKR_FUNCTION_FAILED;
        out += chunk;
        len -= (CK_ULONG)chunk;
    }
    return CKR_OK;
}

static CK_RV p11_C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData, CK_ULONG ulRandomLen)
{
    GUARDED(generate_random(hSession, RandomData, ulRandomLen));
}

static CK_RV seed_random(CK_SESSION_HANDLE h)
{
    SESSION_OR_FAIL(s, h);
    (void)s;
    return CKR_RANDOM_SEED_NOT_SUPPORTED;
}

static CK_RV p11_C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen)
{
    (void)pSeed;
    (void)ulSeedLen;
    GUARDED(seed_random(hSession));
}

/* ================================================================ PKCS#11: the rest */

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"

#define NOT_SUPPORTED(name, params)                                            \
    static CK_RV p11_##name params                                             \
    {                                                                          \
        return CKR_FUNCTION_NOT_SUPPORTED;                                     \
    }

NOT_SUPPORTED(C_InitToken, (CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel))
NOT_SUPPORTED(C_InitPIN, (CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen))
NOT_SUPPORTED(C_SetPIN, (CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen,
                         CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen))
NOT_SUPPORTED(C_GetOperationState, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState,
                                    CK_ULONG_PTR pulOperationStateLen))
NOT_SUPPORTED(C_SetOperationState, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState,
                                    CK_ULONG ulOperationStateLen, CK_OBJECT_HANDLE hEncryptionKey,
                                    CK_OBJECT_HANDLE hAuthenticationKey))
NOT_SUPPORTED(C_CopyObject, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                             CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phNewObject))
NOT_SUPPORTED(C_GetObjectSize, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize))
NOT_SUPPORTED(C_SetAttributeValue, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
                                    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount))
NOT_SUPPORTED(C_EncryptInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey))
NOT_SUPPORTED(C_Encrypt, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                          CK_BYTE_PTR pEncryptedData, CK_ULONG_PTR pulEncryptedDataLen))
NOT_SUPPORTED(C_EncryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
                                CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen))
NOT_SUPPORTED(C_EncryptFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart,
                               CK_ULONG_PTR pulLastEncryptedPartLen))
NOT_SUPPORTED(C_DecryptInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey))
NOT_SUPPORTED(C_Decrypt, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData, CK_ULONG ulEncryptedDataLen,
                          CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen))
NOT_SUPPORTED(C_DecryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
                                CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen))
NOT_SUPPORTED(C_DecryptFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart, CK_ULONG_PTR pulLastPartLen))
NOT_SUPPORTED(C_DigestInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism))
NOT_SUPPORTED(C_Digest, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pDigest,
                         CK_ULONG_PTR pulDigestLen))
NOT_SUPPORTED(C_DigestUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen))
NOT_SUPPORTED(C_DigestKey, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey))
NOT_SUPPORTED(C_DigestFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen))
NOT_SUPPORTED(C_SignRecoverInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey))
NOT_SUPPORTED(C_SignRecover, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                              CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen))
NOT_SUPPORTED(C_VerifyRecoverInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                                    CK_OBJECT_HANDLE hKey))
NOT_SUPPORTED(C_VerifyRecover, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen,
                                CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen))
NOT_SUPPORTED(C_DigestEncryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
                                      CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen))
NOT_SUPPORTED(C_DecryptDigestUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
                                      CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen))
NOT_SUPPORTED(C_SignEncryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
                                    CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen))
NOT_SUPPORTED(C_DecryptVerifyUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
                                      CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen))
NOT_SUPPORTED(C_GenerateKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pTemplate,
                              CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phKey))
NOT_SUPPORTED(C_WrapKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hWrappingKey,
                          CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen))
NOT_SUPPORTED(C_UnwrapKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                            CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey, CK_ULONG ulWrappedKeyLen,
                            CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey))
NOT_SUPPORTED(C_DeriveKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hBaseKey,
                            CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey))
NOT_SUPPORTED(C_WaitForSlotEvent, (CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved))

/* Legacy functions of parallel sessions (v2.40 §5.16). */
static CK_RV p11_C_GetFunctionStatus(CK_SESSION_HANDLE hSession)
{
    return CKR_FUNCTION_NOT_PARALLEL;
}

static CK_RV p11_C_CancelFunction(CK_SESSION_HANDLE hSession)
{
    return CKR_FUNCTION_NOT_PARALLEL;
}

#pragma GCC diagnostic pop

/* ================================================================ function list */

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList);

static CK_FUNCTION_LIST g_function_list = {
    .version = {2, 40},
    .C_Initialize = p11_C_Initialize,
    .C_Finalize = p11_C_Finalize,
    .C_GetInfo = p11_C_GetInfo,
    .C_GetFunctionList = C_GetFunctionList,
    .C_GetSlotList = p11_C_GetSlotList,
    .C_GetSlotInfo = p11_C_GetSlotInfo,
    .C_GetTokenInfo = p11_C_GetTokenInfo,
    .C_GetMechanismList = p11_C_GetMechanismList,
    .C_GetMechanismInfo = p11_C_GetMechanismInfo,
    .C_InitToken = p11_C_InitToken,
    .C_InitPIN = p11_C_InitPIN,
    .C_SetPIN = p11_C_SetPIN,
    .C_OpenSession = p11_C_OpenSession,
    .C_CloseSession = p11_C_CloseSession,
    .C_CloseAllSessions = p11_C_CloseAllSessions,
    .C_GetSessionInfo = p11_C_GetSessionInfo,
    .C_GetOperationState = p11_C_GetOperationState,
    .C_SetOperationState = p11_C_SetOperationState,
    .C_Login = p11_C_Login,
    .C_Logout = p11_C_Logout,
    .C_CreateObject = p11_C_CreateObject,
    .C_CopyObject = p11_C_CopyObject,
    .C_DestroyObject = p11_C_DestroyObject,
    .C_GetObjectSize = p11_C_GetObjectSize,
    .C_GetAttributeValue = p11_C_GetAttributeValue,
    .C_SetAttributeValue = p11_C_SetAttributeValue,
    .C_FindObjectsInit = p11_C_FindObjectsInit,
    .C_FindObjects = p11_C_FindObjects,
    .C_FindObjectsFinal = p11_C_FindObjectsFinal,
    .C_EncryptInit = p11_C_EncryptInit,
    .C_Encrypt = p11_C_Encrypt,
    .C_EncryptUpdate = p11_C_EncryptUpdate,
    .C_EncryptFinal = p11_C_EncryptFinal,
    .C_DecryptInit = p11_C_DecryptInit,
    .C_Decrypt = p11_C_Decrypt,
    .C_DecryptUpdate = p11_C_DecryptUpdate,
    .C_DecryptFinal = p11_C_DecryptFinal,
    .C_DigestInit = p11_C_DigestInit,
    .C_Digest = p11_C_Digest,
    .C_DigestUpdate = p11_C_DigestUpdate,
    .C_DigestKey = p11_C_DigestKey,
    .C_DigestFinal = p11_C_DigestFinal,
    .C_SignInit = p11_C_SignInit,
    .C_Sign = p11_C_Sign,
    .C_SignUpdate = p11_C_SignUpdate,
    .C_SignFinal = p11_C_SignFinal,
    .C_SignRecoverInit = p11_C_SignRecoverInit,
    .C_SignRecover = p11_C_SignRecover,
    .C_VerifyInit = p11_C_VerifyInit,
    .C_Verify = p11_C_Verify,
    .C_VerifyUpdate = p11_C_VerifyUpdate,
    .C_VerifyFinal = p11_C_VerifyFinal,
    .C_VerifyRecoverInit = p11_C_VerifyRecoverInit,
    .C_VerifyRecover = p11_C_VerifyRecover,
    .C_DigestEncryptUpdate = p11_C_DigestEncryptUpdate,
    .C_DecryptDigestUpdate = p11_C_DecryptDigestUpdate,
    .C_SignEncryptUpdate = p11_C_SignEncryptUpdate,
    .C_DecryptVerifyUpdate = p11_C_DecryptVerifyUpdate,
    .C_GenerateKey = p11_C_GenerateKey,
    .C_GenerateKeyPair = p11_C_GenerateKeyPair,
    .C_WrapKey = p11_C_WrapKey,
    .C_UnwrapKey = p11_C_UnwrapKey,
    .C_DeriveKey = p11_C_DeriveKey,
    .C_SeedRandom = p11_C_SeedRandom,
    .C_GenerateRandom = p11_C_GenerateRandom,
    .C_GetFunctionStatus = p11_C_GetFunctionStatus,
    .C_CancelFunction = p11_C_CancelFunction,
    .C_WaitForSlotEvent = p11_C_WaitForSlotEvent,
};

/* The module's only exported symbol; usable before C_Initialize. */
CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
    if (ppFunctionList == NULL)
        return CKR_ARGUMENTS_BAD;
    *ppFunctionList = &g_function_list;
    return CKR_OK;
}
