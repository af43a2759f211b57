package org.pechatka.desktop;

/**
 * Why a change in Settings was not made. The windows show each as a translated sentence
 * ({@code problem.<NAME>} in the settings texts); nothing here is text for a person.
 */
public enum SettingsProblem {
    /** Nothing was typed. */
    EMPTY,
    /** Not a web address Pechatka can read as a site ({@code https://host[:port]}). */
    NOT_AN_ORIGIN,
    /** A site that is not https (plain http is allowed only for localhost, for development). */
    NOT_HTTPS,
    /** The site or module is on the list already. */
    ALREADY_LISTED,
    /** The administrator does not allow users to add sites. */
    NOT_ALLOWED_BY_ADMIN,
    /** The entry or setting comes from the administrator and cannot be changed here. */
    SET_BY_ADMIN,
    /** The entry comes from the command line of this run and cannot be changed here. */
    SET_FOR_THIS_RUN,
    /** The entry is not (or no longer) on the list. */
    NOT_LISTED,
    /** No such file. */
    FILE_NOT_FOUND,
    /** The file is not a library this computer can load. */
    NOT_A_LIBRARY,
    /** A library, but not a PKCS#11 module (no {@code C_GetFunctionList}). */
    NOT_PKCS11_MODULE,
    /** Autostart needs an installed Pechatka (a development build has no launcher to start). */
    AUTOSTART_UNAVAILABLE,
    /** An autostart entry of the same name exists that Pechatka did not write; left alone. */
    AUTOSTART_NOT_OURS,
    /** The settings file could not be written. */
    CANNOT_SAVE,
    /** The file manager could not be started. */
    CANNOT_OPEN_FOLDER
}
