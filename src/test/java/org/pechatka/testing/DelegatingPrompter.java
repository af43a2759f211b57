package org.pechatka.testing;

import java.util.function.Supplier;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.CsrRequest;
import org.pechatka.prompt.ImportRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.prompt.Prompter;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.token.PinSource;

/** Lets a test swap the scripted person per test while the endpoint runs for the whole class. */
public final class DelegatingPrompter implements Prompter {

    private final Supplier<? extends Prompter> current;

    public DelegatingPrompter(Supplier<? extends Prompter> current) {
        this.current = current;
    }

    @Override
    public CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction) throws PechatkaException {
        return current.get().chooseCertificate(request, interaction);
    }

    @Override
    public void approveAttributes(ConsentRequest request, Interaction interaction) throws PechatkaException {
        current.get().approveAttributes(request, interaction);
    }

    @Override
    public void confirmSigning(SigningRequest request, Interaction interaction) throws PechatkaException {
        current.get().confirmSigning(request, interaction);
    }

    @Override
    public void confirmCsr(CsrRequest request, Interaction interaction) throws PechatkaException {
        current.get().confirmCsr(request, interaction);
    }

    @Override
    public void confirmImport(ImportRequest request, Interaction interaction) throws PechatkaException {
        current.get().confirmImport(request, interaction);
    }

    @Override
    public PinSource pinSource(Interaction interaction) {
        Prompter p = current.get();
        return p.pinSource(interaction);
    }
}
