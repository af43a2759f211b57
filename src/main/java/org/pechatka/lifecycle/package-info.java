/**
 * The certificate lifecycle without any user interface or transport: a new key and a PKCS#10
 * request made on the token ({@link org.pechatka.lifecycle.CsrService}), and a certificate issued
 * for such a key stored next to it ({@link org.pechatka.lifecycle.CertificateImport}). The
 * protocol methods {@code csr.create} / {@code cert.import} and the Certificates window both use
 * these classes; neither ever overwrites or deletes anything on a token.
 */
package org.pechatka.lifecycle;
