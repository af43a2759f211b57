package org.pechatka.ui.frame;

import org.pechatka.cert.PersonalAttribute;

/**
 * One requested personal-data attribute with the value the site receives, or null when the
 * certificate lacks it (then nothing is sent). Plain data, shared by the picker's and the consent's
 * view models and shown by {@link PersonalDataGrid}.
 */
public record AttributeLine(PersonalAttribute attribute, String value) {}
