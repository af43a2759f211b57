package org.pechatka.ui.picker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.ui.frame.AttributeLine;

/**
 * What the certificate picker shows and lets the person do, without a window: the certificates
 * (kept current as tokens come and go, the selection kept or moved to the first usable one), the
 * mark each row gets, whether the selection may be chosen, and — when the site asks for personal
 * data — exactly what the selected certificate would give it.
 */
public final class PickerViewModel {

    /** The mark a row carries (text and style in the view, never colour alone). */
    public enum Mark {
        NONE,
        EXPIRED,
        NOT_YET_VALID,
        PIN_LOCKED,
        PIN_FINAL_TRY,
        PIN_COUNT_LOW,
        /** Its issuer revoked it (or a CA above it): the site will most likely refuse it. */
        REVOKED,
        /** Its chain does not lead to a root in the trust store, or is broken. */
        NOT_TRUSTED,
        /** Its chain is trusted but a CRL that should be there could not be read. */
        REVOCATION_UNKNOWN;

        /** Whether the mark means the certificate cannot be used at all, or should not be (as opposed to a warning). */
        public boolean bad() {
            return this == EXPIRED || this == NOT_YET_VALID || this == PIN_LOCKED || this == REVOKED;
        }
    }

    private final PickerRequest request;
    private final ObservableList<CertificateChoice> rows = FXCollections.observableArrayList();
    private final ObjectProperty<CertificateChoice> selected = new SimpleObjectProperty<>();
    private final BooleanBinding canChoose = Bindings.createBooleanBinding(
            () -> selected.get() != null && selected.get().usable(), selected);

    public PickerViewModel(PickerRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    public PickerRequest.Purpose purpose() {
        return request.purpose();
    }

    /** The page's reason, or null. */
    public String reason() {
        return request.reason();
    }

    /** Whether the site asks for personal data (the picker is then also the consent). */
    public boolean asksForData() {
        return !request.attributes().isEmpty();
    }

    public ObservableList<CertificateChoice> rows() {
        return rows;
    }

    public ObjectProperty<CertificateChoice> selectedProperty() {
        return selected;
    }

    public CertificateChoice selected() {
        return selected.get();
    }

    /** Whether the default button may choose the selection. */
    public BooleanBinding canChooseBinding() {
        return canChoose;
    }

    public boolean canChoose() {
        return canChoose.get();
    }

    /**
     * Shows a new list: the selected certificate stays selected while it is listed, otherwise the
     * first usable one is selected (PROTOCOL.md §3), otherwise none.
     */
    public void update(List<CertificateChoice> choices) {
        CertificateChoice before = selected.get();
        rows.setAll(choices);
        CertificateChoice keep = before == null ? null : choices.stream()
                .filter(c -> c.certId().equals(before.certId())).findFirst().orElse(null);
        selected.set(keep != null ? keep : choices.stream().filter(CertificateChoice::usable).findFirst()
                .orElse(null));
    }

    /** Selects a listed row (usable or not: an unusable one shows why it cannot be chosen). */
    public void select(CertificateChoice choice) {
        selected.set(choice);
    }

    /** The mark of a row: why it cannot be used, else a validity or PIN warning, else none. */
    public static Mark mark(CertificateChoice c) {
        if (c.problem() != null) {
            return switch (c.problem()) {
                case EXPIRED -> Mark.EXPIRED;
                case NOT_YET_VALID -> Mark.NOT_YET_VALID;
                case PIN_LOCKED -> Mark.PIN_LOCKED;
            };
        }
        if (c.validity() == CertificateView.Validity.EXPIRED) {
            return Mark.EXPIRED;
        }
        if (c.validity() == CertificateView.Validity.NOT_YET_VALID) {
            return Mark.NOT_YET_VALID;
        }
        if (c.chain() == ChainValidation.Status.REVOKED) {
            return Mark.REVOKED;
        }
        if (c.tokenPin().locked()) {
            return Mark.PIN_LOCKED;
        }
        if (c.tokenPin().finalTry()) {
            return Mark.PIN_FINAL_TRY;
        }
        if (c.tokenPin().countLow()) {
            return Mark.PIN_COUNT_LOW;
        }
        return chainMark(c.chain());
    }

    /** The mark for a chain status alone (none for a valid or unchecked chain). */
    static Mark chainMark(ChainValidation.Status chain) {
        if (chain == null) {
            return Mark.NONE;
        }
        return switch (chain) {
            case VALID -> Mark.NONE;
            case REVOKED -> Mark.REVOKED;
            case UNKNOWN_REVOCATION -> Mark.REVOCATION_UNKNOWN;
            case EXPIRED, NOT_YET_VALID, UNTRUSTED_ROOT, BROKEN_CHAIN, WRONG_USAGE -> Mark.NOT_TRUSTED;
        };
    }

    /** What the site would get from the selected certificate, or null when it asks for nothing or none is selected. */
    public ConsentRequest consent() {
        CertificateChoice c = selected.get();
        if (!asksForData() || c == null) {
            return null;
        }
        return ConsentRequest.of(c.view(), request.attributes());
    }

    /** The requested attributes in the order asked, each with the selected certificate's value (null: it lacks it). */
    public List<AttributeLine> attributeLines() {
        CertificateChoice c = selected.get();
        List<AttributeLine> out = new ArrayList<>();
        Map<PersonalAttribute, String> values = c == null ? Map.of() : c.view().attributes();
        for (PersonalAttribute a : request.attributes()) {
            out.add(new AttributeLine(a, values.get(a)));
        }
        return out;
    }

    /** The selection, read-only, for views that follow it. */
    public ReadOnlyObjectProperty<CertificateChoice> selection() {
        return selected;
    }
}
