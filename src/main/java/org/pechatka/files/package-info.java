/**
 * Signing files to {@code .p7s} (CAdES-BES, detached or attached) and verifying {@code .p7s}
 * signatures against their files, for the command line ({@code pechatka sign}/{@code verify}) and
 * the Certificates window. Plain Java, no UI. Files are streamed, never read whole into memory.
 */
package org.pechatka.files;
