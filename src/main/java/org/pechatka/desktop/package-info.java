/**
 * Ports between the desktop windows ({@code org.pechatka.ui}) and the application that wires them
 * ({@code org.pechatka.app}): what the windows need to know and change (status, settings, local
 * certificate trust), with no JavaFX and no transport in them.
 */
package org.pechatka.desktop;
