<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>TagText</name>
    <message>
        <source>Write each tag as key=value, separated by semicolons.</source>
        <translation>Geben Sie jedes Tag als Name=Wert an, getrennt durch Semikolons.</translation>
    </message>
    <message>
        <source>A tag needs a key before &apos;=&apos;.</source>
        <translation>Vor &apos;=&apos; muss ein Tag-Name stehen.</translation>
    </message>
    <message>
        <source>The tag key &apos;%1&apos; appears twice.</source>
        <translation>Der Tag-Name „%1“ kommt zweimal vor.</translation>
    </message>
</context>
<context>
    <name>custos::app::GuiController</name>
    <message>
        <source>Cannot Open Workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The workspace in %1 cannot be opened.

%2</source>
        <translation>Der Arbeitsbereich in %1 kann nicht geöffnet werden.

%2</translation>
    </message>
</context>
<context>
    <name>custos::model::VaultTreeModel</name>
    <message>
        <source>Deleted vaults</source>
        <translation>Gelöschte Tresore</translation>
    </message>
    <message>
        <source>Vaults</source>
        <translation>Tresore</translation>
    </message>
    <message>
        <source>HSM</source>
        <translation>HSM</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>Software</translation>
    </message>
    <message>
        <source>Deleted vault %1, purged on %2</source>
        <translation>Gelöschter Tresor %1, endgültige Löschung am %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Protection</source>
        <translation>Schutz</translation>
    </message>
</context>
<context>
    <name>custos::ui::FirstRunDialog</name>
    <message>
        <source>Create a Custos Workspace</source>
        <translation>Custos-Arbeitsbereich erstellen</translation>
    </message>
    <message>
        <source>A workspace holds your keys in its own token, plus the database of vaults, operators and roles and the audit trail. You become its first operator, with the Administrator role; your passphrase unlocks the token.</source>
        <translation>Ein Arbeitsbereich enthält Ihre Schlüssel in einem eigenen Token sowie die Datenbank der Tresore, Bediener und Rollen und das Audit-Protokoll. Sie werden sein erster Bediener mit der Rolle „Administrator“; Ihre Passphrase entsperrt das Token.</translation>
    </message>
    <message>
        <source>C&amp;hange…</source>
        <translation>Än&amp;dern…</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Verzeichnis:</translation>
    </message>
    <message>
        <source>&amp;Operator name:</source>
        <translation>&amp;Bedienername:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>Con&amp;firm passphrase:</source>
        <translation>Passphrase bes&amp;tätigen:</translation>
    </message>
    <message>
        <source>&amp;Advanced</source>
        <translation>&amp;Erweitert</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Passphrase &amp;KDF memory:</source>
        <translation>&amp;KDF-Speicher für Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Create Workspace</source>
        <translation>Arbeitsbereich e&amp;rstellen</translation>
    </message>
    <message>
        <source>Workspace Directory</source>
        <translation>Verzeichnis des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>The directory is not empty. Choose an empty or new directory.</source>
        <translation>Das Verzeichnis ist nicht leer. Wählen Sie ein leeres oder neues Verzeichnis.</translation>
    </message>
    <message>
        <source>Enter the name you will log in with.</source>
        <translation>Geben Sie den Namen ein, mit dem Sie sich anmelden werden.</translation>
    </message>
    <message>
        <source>Operator names have 1-64 characters: letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>Bedienernamen bestehen aus 1 bis 64 Zeichen: Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos;.</translation>
    </message>
    <message numerus="yes">
        <source>The passphrase needs at least %n characters.</source>
        <translation>
            <numerusform>Die Passphrase muss mindestens %n Zeichen lang sein.</numerusform>
            <numerusform>Die Passphrase muss mindestens %n Zeichen lang sein.</numerusform>
        </translation>
    </message>
    <message>
        <source>The passphrases do not match.</source>
        <translation>Die Passphrasen stimmen nicht überein.</translation>
    </message>
    <message>
        <source>Below %1 MiB this becomes a test workspace: passphrases are cheaper to guess, and the window title says so. Use it only for tests.</source>
        <translation>Unter %1 MiB wird dies ein Testarbeitsbereich: Passphrasen lassen sich leichter erraten, und der Fenstertitel weist darauf hin. Verwenden Sie ihn nur für Tests.</translation>
    </message>
    <message>
        <source>Memory the passphrase key derivation needs (scrypt). Below %1 MiB the workspace counts as a test workspace.</source>
        <translation>Speicherbedarf der Schlüsselableitung aus der Passphrase (scrypt). Unter %1 MiB gilt der Arbeitsbereich als Testarbeitsbereich.</translation>
    </message>
    <message>
        <source>The workspace could not be created: %1</source>
        <translation>Der Arbeitsbereich konnte nicht erstellt werden: %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::LoginDialog</name>
    <message>
        <source>Log In to Custos</source>
        <translation>Bei Custos anmelden</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>&amp;Bediener:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Log In</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>Could not log in: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Log Out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Vault</source>
        <translation>&amp;Tresor</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Custos</source>
        <translation>&amp;Über Custos</translation>
    </message>
    <message>
        <source>Vaults</source>
        <translation>Tresore</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>Bediener: %1</translation>
    </message>
    <message>
        <source>Workspace directory</source>
        <translation>Verzeichnis des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>Test workspace</source>
        <translation>Testarbeitsbereich</translation>
    </message>
    <message>
        <source>Passphrases in this workspace use a reduced key derivation cost. Do not keep production keys here.</source>
        <translation>Passphrasen in diesem Arbeitsbereich verwenden eine Schlüsselableitung mit verringertem Aufwand. Bewahren Sie hier keine Produktionsschlüssel auf.</translation>
    </message>
    <message>
        <source>Custos — %1 — test workspace</source>
        <translation>Custos — %1 — Testarbeitsbereich</translation>
    </message>
    <message>
        <source>Custos — %1</source>
        <translation>Custos — %1</translation>
    </message>
    <message>
        <source>About Custos</source>
        <translation>Über Custos</translation>
    </message>
    <message>
        <source>&lt;b&gt;Custos&lt;/b&gt;&lt;br&gt;Key custody administration for vaults, keys, certificates, roles and an audit trail on a PKCS#11 token.</source>
        <translation>&lt;b&gt;Custos&lt;/b&gt;&lt;br&gt;Verwaltung der Schlüsselverwahrung für Tresore, Schlüssel, Zertifikate, Rollen und ein Audit-Protokoll auf einem PKCS#11-Token.</translation>
    </message>
    <message>
        <source>Version %1, built with Qt %2.</source>
        <translation>Version %1, erstellt mit Qt %2.</translation>
    </message>
</context>
<context>
    <name>custos::ui::VaultActions</name>
    <message>
        <source>&amp;New Vault…</source>
        <translation>&amp;Neuer Tresor…</translation>
    </message>
    <message>
        <source>Create a vault</source>
        <translation>Neuen Tresor erstellen</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Soft-delete the selected vault; it stays recoverable for its retention period</source>
        <translation>Ausgewählten Tresor vorläufig löschen; er bleibt während seines Aufbewahrungszeitraums wiederherstellbar</translation>
    </message>
    <message>
        <source>&amp;Recover</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Recover the selected deleted vault</source>
        <translation>Ausgewählten gelöschten Tresor wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Purge…</source>
        <translation>&amp;Endgültig löschen…</translation>
    </message>
    <message>
        <source>Permanently destroy the selected deleted vault</source>
        <translation>Ausgewählten gelöschten Tresor unwiderruflich vernichten</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Reload the vault list</source>
        <translation>Tresorliste neu laden</translation>
    </message>
    <message>
        <source>Purge protection holds until %1</source>
        <translation>Der Löschschutz gilt bis %1</translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation>Ihnen fehlt die Berechtigung %1 im Bereich %2</translation>
    </message>
</context>
<context>
    <name>custos::ui::VaultCreateDialog</name>
    <message>
        <source>New Vault</source>
        <translation>Neuer Tresor</translation>
    </message>
    <message>
        <source>e.g. payments-prod</source>
        <translation>z. B. payments-prod</translation>
    </message>
    <message>
        <source>HSM</source>
        <translation>HSM</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>Software</translation>
    </message>
    <message>
        <source>HSM vaults hold only keys that never leave the token in clear; software vaults hold software-protected keys as well.</source>
        <translation>HSM-Tresore enthalten nur Schlüssel, die das Token nie im Klartext verlassen; Software-Tresore enthalten zusätzlich softwaregeschützte Schlüssel.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>How long a deleted vault can be recovered before it is purged.</source>
        <translation>Wie lange ein gelöschter Tresor wiederhergestellt werden kann, bevor er endgültig gelöscht wird.</translation>
    </message>
    <message>
        <source>Pre&amp;vent purging during the retention period</source>
        <translation>Endgültiges Löschen während des Aufbewahrungszeitraums &amp;verhindern</translation>
    </message>
    <message>
        <source>Purge protection cannot be turned off later.</source>
        <translation>Der Löschschutz kann später nicht deaktiviert werden.</translation>
    </message>
    <message>
        <source>optional: owner=pki; env=prod</source>
        <translation>optional: owner=pki; env=prod</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Protection:</source>
        <translation>&amp;Schutz:</translation>
    </message>
    <message>
        <source>&amp;Retention:</source>
        <translation>&amp;Aufbewahrungszeitraum:</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>&amp;Tags:</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>Vault names have 3-24 characters: letters, digits and dashes.</source>
        <translation>Tresornamen bestehen aus 3 bis 24 Zeichen: Buchstaben, Ziffern und Bindestrichen.</translation>
    </message>
</context>
<context>
    <name>custos::ui::VaultDetailPane</name>
    <message>
        <source>Select a vault to see its details.</source>
        <translation>Wählen Sie einen Tresor aus, um seine Details anzuzeigen.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Scope:</source>
        <translation>Bereich:</translation>
    </message>
    <message>
        <source>Protection:</source>
        <translation>Schutz:</translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation>Aufbewahrungszeitraum:</translation>
    </message>
    <message>
        <source>Purge protection:</source>
        <translation>Löschschutz:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Tags:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>Aktualisiert:</translation>
    </message>
    <message>
        <source>Deleted:</source>
        <translation>Gelöscht:</translation>
    </message>
    <message>
        <source>Scheduled purge:</source>
        <translation>Geplante endgültige Löschung:</translation>
    </message>
    <message>
        <source>Deleted (recoverable)</source>
        <translation>Gelöscht (wiederherstellbar)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>HSM</source>
        <translation>HSM</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>Software</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) after deletion</source>
        <translation>
            <numerusform>%n Tag nach dem Löschen</numerusform>
            <numerusform>%n Tage nach dem Löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>On: cannot be purged before the retention period ends</source>
        <translation>Ein: kann erst nach Ablauf des Aufbewahrungszeitraums endgültig gelöscht werden</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
</context>
<context>
    <name>custos::ui::VaultOperations</name>
    <message>
        <source>Delete Vault</source>
        <translation>Tresor löschen</translation>
    </message>
    <message>
        <source>Delete the vault &apos;%1&apos;?</source>
        <translation>Den Tresor „%1“ löschen?</translation>
    </message>
    <message numerus="yes">
        <source>It can be recovered for %n day(s); after that it is purged with its keys.</source>
        <translation>
            <numerusform>Er kann %n Tag lang wiederhergestellt werden; danach wird er mit seinen Schlüsseln endgültig gelöscht.</numerusform>
            <numerusform>Er kann %n Tage lang wiederhergestellt werden; danach wird er mit seinen Schlüsseln endgültig gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Could not recover vault &apos;%1&apos;</source>
        <translation>Tresor „%1“ konnte nicht wiederhergestellt werden</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; recovered</source>
        <translation>Tresor „%1“ wiederhergestellt</translation>
    </message>
    <message>
        <source>Purge Vault</source>
        <translation>Tresor endgültig löschen</translation>
    </message>
    <message>
        <source>Purge the vault &apos;%1&apos; permanently?</source>
        <translation>Den Tresor „%1“ endgültig löschen?</translation>
    </message>
    <message>
        <source>Purging is irreversible: the vault and its keys are destroyed and cannot be recovered.</source>
        <translation>Endgültiges Löschen ist unumkehrbar: Der Tresor und seine Schlüssel werden vernichtet und können nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>&amp;Purge</source>
        <translation>&amp;Endgültig löschen</translation>
    </message>
    <message>
        <source>Could not create vault &apos;%1&apos;</source>
        <translation>Tresor „%1“ konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; created</source>
        <translation>Tresor „%1“ erstellt</translation>
    </message>
    <message>
        <source>Could not delete vault &apos;%1&apos;</source>
        <translation>Tresor „%1“ konnte nicht gelöscht werden</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; deleted</source>
        <translation>Tresor „%1“ gelöscht</translation>
    </message>
    <message>
        <source>Could not purge vault &apos;%1&apos;</source>
        <translation>Tresor „%1“ konnte nicht endgültig gelöscht werden</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; purged</source>
        <translation>Tresor „%1“ endgültig gelöscht</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
</TS>
