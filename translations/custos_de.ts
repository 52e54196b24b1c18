<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AuditSavedFilters</name>
    <message>
        <source>All security-domain operations</source>
        <translation>Alle Sicherheitsdomänen-Vorgänge</translation>
    </message>
    <message>
        <source>All purges</source>
        <translation>Alle endgültigen Löschungen</translation>
    </message>
    <message>
        <source>Denied in the last 24 h</source>
        <translation>Abgelehnt in den letzten 24 h</translation>
    </message>
</context>
<context>
    <name>ProtectionComboBox</name>
    <message>
        <source>HSM</source>
        <translation>HSM</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>Software</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; holds HSM-protected keys only.</source>
        <translation>Der Tresor „%1“ enthält nur HSM-geschützte Schlüssel.</translation>
    </message>
    <message>
        <source>HSM keys never leave the token in clear; software keys are sealed under a token key and can be exportable.</source>
        <translation>HSM-Schlüssel verlassen das Token nie im Klartext; Software-Schlüssel werden unter einem Token-Schlüssel versiegelt und können exportierbar sein.</translation>
    </message>
</context>
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
    <name>TranscriptPdf</name>
    <message>
        <source>Download (backup of the domain key)</source>
        <translation>Download (Sicherung des Domänenschlüssels)</translation>
    </message>
    <message>
        <source>Rotation (new domain key)</source>
        <translation>Rotation (neuer Domänenschlüssel)</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellung</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Certificate thumbprint (x5t#S256)</source>
        <translation>Zertifikat-Fingerabdruck (x5t#S256)</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Security-domain ceremony transcript</source>
        <translation>Protokoll der Sicherheitsdomänen-Zeremonie</translation>
    </message>
    <message>
        <source>The signed JSON file of this ceremony has the SHA-256 printed below. Keep this paper with the ceremony records; it matches the JSON file and its signature by the workspace&apos;s audit key.</source>
        <translation>Die signierte JSON-Datei dieser Zeremonie hat den unten gedruckten SHA-256. Bewahren Sie dieses Papier bei den Zeremonieunterlagen auf; es passt zur JSON-Datei und zu ihrer Signatur mit dem Audit-Schlüssel des Arbeitsbereichs.</translation>
    </message>
    <message>
        <source>Ceremony</source>
        <translation>Zeremonie</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Arbeitsplatz</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Witnesses</source>
        <translation>Zeugen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation>Quorum</translation>
    </message>
    <message>
        <source>%1 of %2 custodians</source>
        <translation>%1 von %2 Verwahrern</translation>
    </message>
    <message>
        <source>Security-domain file SHA-256</source>
        <translation>SHA-256 der Sicherheitsdomänen-Datei</translation>
    </message>
    <message>
        <source>Domain key ID</source>
        <translation>ID des Domänenschlüssels</translation>
    </message>
    <message>
        <source>Audit key fingerprint</source>
        <translation>Fingerabdruck des Audit-Schlüssels</translation>
    </message>
    <message>
        <source>Custodians</source>
        <translation>Verwahrer</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>SHA-256 of the transcript JSON</source>
        <translation>SHA-256 der Protokoll-JSON-Datei</translation>
    </message>
    <message>
        <source>Check: sha256sum TRANSCRIPT.json, then custosctl sd transcript verify TRANSCRIPT.json --key AUDIT.pem</source>
        <translation>Prüfen: sha256sum TRANSCRIPT.json, dann custosctl sd transcript verify TRANSCRIPT.json --key AUDIT.pem</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
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
    <name>custos::model::AuditEventModel</name>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Reason: %1
Justification: %2</source>
        <translation>Grund: %1
Begründung: %2</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Reason / justification</source>
        <translation>Grund / Begründung</translation>
    </message>
</context>
<context>
    <name>custos::model::CertificateListModel</name>
    <message>
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Antragsteller</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verfällt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
</context>
<context>
    <name>custos::model::EffectiveAccessHolderModel</name>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Assignment %1</source>
        <translation>Zuweisung %1</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Through</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>Assignment scope</source>
        <translation>Bereich der Zuweisung</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
</context>
<context>
    <name>custos::model::EffectiveAccessModel</name>
    <message>
        <source>direct</source>
        <translation>direkt</translation>
    </message>
    <message>
        <source>group %1</source>
        <translation>Gruppe %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message numerus="yes">
        <source>%n permission(s) at %1 and below</source>
        <translation>
            <numerusform>%n Berechtigung auf %1 und darunter</numerusform>
            <numerusform>%n Berechtigungen auf %1 und darunter</numerusform>
        </translation>
    </message>
    <message>
        <source>Scope / permission</source>
        <translation>Bereich / Berechtigung</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Through</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
</context>
<context>
    <name>custos::model::Expiry</name>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>&lt; 7 days</source>
        <translation>&lt; 7 Tage</translation>
    </message>
    <message>
        <source>&lt; 30 days</source>
        <translation>&lt; 30 Tage</translation>
    </message>
    <message>
        <source>fine</source>
        <translation>in Ordnung</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>kein Ablauf</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>CRL next update</source>
        <translation>Nächste CRL-Aktualisierung</translation>
    </message>
</context>
<context>
    <name>custos::model::ExpiryOverviewModel</name>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Vault</source>
        <translation>Tresor</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verfällt</translation>
    </message>
    <message>
        <source>Days Left</source>
        <translation>Verbleibende Tage</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>custos::model::KeyListModel</name>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
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
        <source>Deleted key %1, purged on %2</source>
        <translation>Gelöschter Schlüssel %1, endgültige Löschung am %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Size/Curve</source>
        <translation>Größe/Kurve</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verfällt</translation>
    </message>
    <message>
        <source>Protection</source>
        <translation>Schutz</translation>
    </message>
</context>
<context>
    <name>custos::model::KeyVersionModel</name>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Current version %1</source>
        <translation>Aktuelle Version %1</translation>
    </message>
    <message>
        <source>Older version %1</source>
        <translation>Ältere Version %1</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Not before</source>
        <translation>Nicht vor</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verfällt</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
</context>
<context>
    <name>custos::model::OperatorGroupModel</name>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n Mitglied</numerusform>
            <numerusform>%n Mitglieder</numerusform>
        </translation>
    </message>
    <message>
        <source>Group / member</source>
        <translation>Gruppe / Mitglied</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>Angelegt von</translation>
    </message>
</context>
<context>
    <name>custos::model::OperatorListModel</name>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Von %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>Gesperrt bis</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>Letzte Anmeldung</translation>
    </message>
    <message>
        <source>Card enrolled</source>
        <translation>Karte registriert</translation>
    </message>
</context>
<context>
    <name>custos::model::RoleAssignmentModel</name>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation>Ihnen fehlt die Berechtigung %1 im Bereich %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>Expired on %1: this assignment no longer grants anything</source>
        <translation>Abgelaufen am %1: diese Zuweisung gewährt nichts mehr</translation>
    </message>
    <message>
        <source>Telling operators from groups needs the permission operators/read</source>
        <translation>Um Operatoren und Gruppen zu unterscheiden, ist die Berechtigung operators/read nötig</translation>
    </message>
    <message>
        <source>Assigned by %1 on %2</source>
        <translation>Zugewiesen von %1 am %2</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Prinzipal</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verfällt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>custos::model::RoleDefinitionModel</name>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation>Ihnen fehlt die Berechtigung %1 im Bereich %2</translation>
    </message>
    <message>
        <source>Built-in (read-only)</source>
        <translation>Eingebaut (schreibgeschützt)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
</context>
<context>
    <name>custos::model::SodReportModel</name>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation>Ihnen fehlt die Berechtigung %1 im Bereich %2</translation>
    </message>
    <message>
        <source>Expiring assignment</source>
        <translation>Ablaufende Zuweisung</translation>
    </message>
    <message>
        <source>Conflicting roles</source>
        <translation>Unverträgliche Rollen</translation>
    </message>
    <message>
        <source>%1 (group)</source>
        <translation>%1 (Gruppe)</translation>
    </message>
    <message>
        <source>at %1, expires %2</source>
        <translation>in %1, verfällt %2</translation>
    </message>
    <message>
        <source>direct</source>
        <translation>direkt</translation>
    </message>
    <message>
        <source>group %1</source>
        <translation>Gruppe %1</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Prinzipal</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Through</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Broader than used</source>
        <translation>Weiter als genutzt</translation>
    </message>
    <message>
        <source>at %1, used only in %2</source>
        <translation>auf %1, genutzt nur in %2</translation>
    </message>
</context>
<context>
    <name>custos::model::TokenMechanismModel</name>
    <message>
        <source>native</source>
        <translation>nativ</translation>
    </message>
    <message>
        <source>composed</source>
        <translation>zusammengesetzt</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>The token does %1 with its own mechanism.</source>
        <translation>Das Token führt %1 mit einem eigenen Mechanismus aus.</translation>
    </message>
    <message>
        <source>The token lacks the mechanism for %1; Custos builds it from simpler ones without taking the private key out.</source>
        <translation>Dem Token fehlt der Mechanismus für %1; Custos setzt ihn aus einfacheren zusammen, ohne den privaten Schlüssel herauszunehmen.</translation>
    </message>
    <message>
        <source>Keys on this token cannot do %1.</source>
        <translation>Schlüssel auf diesem Token können %1 nicht ausführen.</translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation>Algorithmus</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Weg</translation>
    </message>
    <message>
        <source>Mechanisms</source>
        <translation>Mechanismen</translation>
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
    <name>custos::ui::AccessWindow</name>
    <message>
        <source>Roles and Access</source>
        <translation>Rollen und Zugriff</translation>
    </message>
    <message>
        <source>&amp;Roles</source>
        <translation>&amp;Rollen</translation>
    </message>
    <message>
        <source>A&amp;ssignments</source>
        <translation>&amp;Zuweisungen</translation>
    </message>
    <message>
        <source>Separation of &amp;duties</source>
        <translation>&amp;Funktionstrennung</translation>
    </message>
    <message>
        <source>&amp;Effective access</source>
        <translation>&amp;Effektiver Zugriff</translation>
    </message>
    <message>
        <source>&amp;Operators &amp;&amp; groups</source>
        <translation>&amp;Operatoren &amp;&amp; Gruppen</translation>
    </message>
</context>
<context>
    <name>custos::ui::AccessibleText</name>
    <message>
        <source>Go to the next page of the wizard</source>
        <translation>Zur nächsten Seite des Assistenten</translation>
    </message>
    <message>
        <source>Go back to the previous page of the wizard</source>
        <translation>Zurück zur vorigen Seite des Assistenten</translation>
    </message>
    <message>
        <source>Carry out what the wizard prepared and close it</source>
        <translation>Das Vorbereitete ausführen und den Assistenten schließen</translation>
    </message>
    <message>
        <source>Carry out this step; it cannot be undone here</source>
        <translation>Diesen Schritt ausführen; er lässt sich hier nicht rückgängig machen</translation>
    </message>
    <message>
        <source>Close the wizard without carrying anything out</source>
        <translation>Den Assistenten schließen, ohne etwas auszuführen</translation>
    </message>
    <message>
        <source>Show help for this page</source>
        <translation>Hilfe zu dieser Seite anzeigen</translation>
    </message>
    <message>
        <source>Confirm and close the dialog</source>
        <translation>Bestätigen und den Dialog schließen</translation>
    </message>
    <message>
        <source>Close the dialog without changes</source>
        <translation>Den Dialog ohne Änderungen schließen</translation>
    </message>
    <message>
        <source>Discard the changes and close the dialog</source>
        <translation>Änderungen verwerfen und den Dialog schließen</translation>
    </message>
    <message>
        <source>Apply the changes and keep the dialog open</source>
        <translation>Änderungen übernehmen, Dialog bleibt offen</translation>
    </message>
    <message>
        <source>Reset the fields to their defaults</source>
        <translation>Felder auf ihre Vorgaben zurücksetzen</translation>
    </message>
    <message>
        <source>Show help for this dialog</source>
        <translation>Hilfe zu diesem Dialog anzeigen</translation>
    </message>
    <message>
        <source>%1 tabs</source>
        <translation>Registerkarten von %1</translation>
    </message>
    <message>
        <source>Switches between: %1</source>
        <translation>Wechselt zwischen: %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::ActivationWizard</name>
    <message>
        <source>Activate this workspace</source>
        <translation>Diesen Arbeitsbereich aktivieren</translation>
    </message>
    <message>
        <source>Custos keeps every key under a domain key inside its token. The security domain is a backup of that domain key, split among custodians: any M of the N custodians together can restore it into a new workspace, fewer cannot. Nobody, you included, ever sees the domain key.</source>
        <translation>Custos verwahrt jeden Schlüssel unter einem Domänenschlüssel in seinem Token. Die Sicherheitsdomäne ist eine Sicherung dieses Domänenschlüssels, aufgeteilt auf Verwahrer: Beliebige M der N Verwahrer können ihn gemeinsam in einen neuen Arbeitsbereich wiederherstellen, weniger nicht. Niemand, auch Sie nicht, sieht je den Domänenschlüssel.</translation>
    </message>
    <message>
        <source>Until its security domain has been downloaded, this workspace is not activated: creating and importing keys is refused, as in Azure Managed HSM, so that no key exists that a lost token would take with it.</source>
        <translation>Bis seine Sicherheitsdomäne heruntergeladen ist, ist dieser Arbeitsbereich nicht aktiviert: Schlüssel zu erstellen und zu importieren wird abgelehnt, wie bei Azure Managed HSM, damit kein Schlüssel existiert, den ein verlorenes Token mitnähme.</translation>
    </message>
    <message>
        <source>I have &amp;custodian certificates (3 to 10, one per custodian)</source>
        <translation>Ich habe &amp;Verwahrer-Zertifikate (3 bis 10, eines je Verwahrer)</translation>
    </message>
    <message>
        <source>&amp;Solo trial: make three custodian key files for me</source>
        <translation>&amp;Alleinversuch: drei Verwahrer-Schlüsseldateien für mich erstellen</translation>
    </message>
    <message>
        <source>The solo trial makes three passphrase-protected key files and a security-domain file that any two of them restore. Fine to try Custos; for production keys, download again for real custodians and rotate.</source>
        <translation>Der Alleinversuch erstellt drei passphrasengeschützte Schlüsseldateien und eine Sicherheitsdomänen-Datei, die je zwei von ihnen wiederherstellen. Gut, um Custos auszuprobieren; für produktive Schlüssel laden Sie erneut für echte Verwahrer herunter und rotieren.</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>Folder and custodians</source>
        <translation>Ordner und Verwahrer</translation>
    </message>
    <message>
        <source>Custos writes three custodian key files, their certificates and the security-domain file into this folder.</source>
        <translation>Custos schreibt drei Verwahrer-Schlüsseldateien, ihre Zertifikate und die Sicherheitsdomänen-Datei in diesen Ordner.</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Custodian &amp;%1:</source>
        <translation>Verwahrer &amp;%1:</translation>
    </message>
    <message>
        <source>Custodian %1</source>
        <translation>Verwahrer %1</translation>
    </message>
    <message>
        <source>Choose a folder for the key files.</source>
        <translation>Wählen Sie einen Ordner für die Schlüsseldateien.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 already holds %2: choose an empty folder so that nothing is overwritten.</source>
        <translation>%1 enthält bereits %2: Wählen Sie einen leeren Ordner, damit nichts überschrieben wird.</translation>
    </message>
    <message>
        <source>Name custodian %1.</source>
        <translation>Benennen Sie Verwahrer %1.</translation>
    </message>
    <message>
        <source>Two custodians are named %1: give each a name of their own.</source>
        <translation>Zwei Verwahrer heißen %1: Geben Sie jedem einen eigenen Namen.</translation>
    </message>
    <message>
        <source>Passphrases</source>
        <translation>Passphrasen</translation>
    </message>
    <message>
        <source>Each key file is encrypted with its own passphrase. Whoever holds a key file needs its passphrase to take part in a restore.</source>
        <translation>Jede Schlüsseldatei ist mit ihrer eigenen Passphrase verschlüsselt. Wer eine Schlüsseldatei verwahrt, braucht ihre Passphrase, um an einer Wiederherstellung teilzunehmen.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>Passphrase for custodian %1</source>
        <translation>Passphrase für Verwahrer %1</translation>
    </message>
    <message>
        <source>Passphrase for custodian %1 again</source>
        <translation>Passphrase für Verwahrer %1 wiederholen</translation>
    </message>
    <message>
        <source>Enter a passphrase for %1.</source>
        <translation>Geben Sie eine Passphrase für %1 ein.</translation>
    </message>
    <message>
        <source>The passphrase for %1 is too short: at least %2 characters.</source>
        <translation>Die Passphrase für %1 ist zu kurz: mindestens %2 Zeichen.</translation>
    </message>
    <message>
        <source>The two passphrases for %1 differ.</source>
        <translation>Die beiden Passphrasen für %1 unterscheiden sich.</translation>
    </message>
    <message>
        <source>Write each passphrase down and keep it apart from its key file.</source>
        <translation>Schreiben Sie jede Passphrase auf und bewahren Sie sie getrennt von ihrer Schlüsseldatei auf.</translation>
    </message>
    <message>
        <source>Making the custodians and the security domain</source>
        <translation>Verwahrer und Sicherheitsdomäne werden erstellt</translation>
    </message>
    <message>
        <source>Activated: what to keep where</source>
        <translation>Aktiviert: was wo aufzubewahren ist</translation>
    </message>
    <message>
        <source>Activate the Workspace</source>
        <translation>Arbeitsbereich aktivieren</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Später</translation>
    </message>
    <message>
        <source>Folder for the Custodian Key Files</source>
        <translation>Ordner für die Verwahrer-Schlüsseldateien</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Nothing was kept. Go back to try again, or activate later.</source>
        <translation>Nichts wurde behalten. Gehen Sie zurück, um es erneut zu versuchen, oder aktivieren Sie später.</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message numerus="yes">
        <source>Making %n custodian key file(s)…</source>
        <translation>
            <numerusform>%n Verwahrer-Schlüsseldatei wird erstellt…</numerusform>
            <numerusform>%n Verwahrer-Schlüsseldateien werden erstellt…</numerusform>
        </translation>
    </message>
    <message>
        <source>Making the custodian key files failed: %1</source>
        <translation>Erstellen der Verwahrer-Schlüsseldateien fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Downloading the security domain for the three custodians (any %1 restore it)…</source>
        <translation>Die Sicherheitsdomäne wird für die drei Verwahrer heruntergeladen (je %1 stellen sie wieder her)…</translation>
    </message>
    <message>
        <source>The download failed: %1</source>
        <translation>Der Download ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>&lt;li&gt;&lt;b&gt;%1&lt;/b&gt; and its passphrase: %2. Its certificate %3 is public.&lt;/li&gt;</source>
        <translation>&lt;li&gt;&lt;b&gt;%1&lt;/b&gt; und seine Passphrase: %2. Sein Zertifikat %3 ist öffentlich.&lt;/li&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The workspace is activated. In &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der Arbeitsbereich ist aktiviert. In &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;ul&gt;%1&lt;/ul&gt;</source>
        <translation>&lt;ul&gt;%1&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Keep the three key files apart&lt;/b&gt;, each on its own medium and away from this computer, and each passphrase apart from its file. Any %1 of the three key files, with their passphrases, restore the domain key into a new workspace; one alone cannot. Lose two and your backups cannot be restored.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Bewahren Sie die drei Schlüsseldateien getrennt auf&lt;/b&gt;, jede auf einem eigenen Datenträger und fern von diesem Computer, und jede Passphrase getrennt von ihrer Datei. Beliebige %1 der drei Schlüsseldateien stellen mit ihren Passphrasen den Domänenschlüssel in einem neuen Arbeitsbereich wieder her; eine allein nicht. Gehen zwei verloren, lassen sich Ihre Sicherungen nicht wiederherstellen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (SHA-256 &lt;tt&gt;%2&lt;/tt&gt;) belongs with your backups; it is useless without the custodians.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (SHA-256 &lt;tt&gt;%2&lt;/tt&gt;) gehört zu Ihren Sicherungen; ohne die Verwahrer ist sie nutzlos.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The ceremony transcript is in %1 (signed: %1.sig) and %2; print the PDF for the paper file.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Das Zeremonieprotokoll steht in %1 (signiert: %1.sig) und %2; drucken Sie das PDF für die Papierablage.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The transcript could not be saved: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;Das Protokoll konnte nicht gespeichert werden: %1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;For production keys, download the security domain again for real custodians (Security Domain &gt; Download…) and rotate the domain key.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Für produktive Schlüssel laden Sie die Sicherheitsdomäne erneut für echte Verwahrer herunter (Sicherheitsdomäne &gt; Herunterladen…) und rotieren den Domänenschlüssel.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>custos::ui::AirGapOverrideDialog</name>
    <message>
        <source>Override the Air-Gap Check</source>
        <translation>Ausnahme von der Air-Gap-Prüfung</translation>
    </message>
    <message>
        <source>These network interfaces are up: %1.

A ceremony on a networked machine can leak what it handles. Override only when the interfaces cannot reach a network (say how you know). The override is recorded in the audit trail with your name, the interface names and your justification.</source>
        <translation>Diese Netzwerkschnittstellen sind aktiv: %1.

Eine Zeremonie auf einem vernetzten Gerät kann preisgeben, was sie verarbeitet. Lassen Sie eine Ausnahme nur zu, wenn die Schnittstellen kein Netzwerk erreichen können (und sagen Sie, woher Sie das wissen). Die Ausnahme wird mit Ihrem Namen, den Schnittstellennamen und Ihrer Begründung im Prüfprotokoll festgehalten.</translation>
    </message>
    <message>
        <source>&amp;Justification:</source>
        <translation>&amp;Begründung:</translation>
    </message>
    <message>
        <source>Justification for the override</source>
        <translation>Begründung für die Ausnahme</translation>
    </message>
    <message>
        <source>Recorded in the audit trail with the interface names</source>
        <translation>Wird mit den Schnittstellennamen im Prüfprotokoll festgehalten</translation>
    </message>
    <message>
        <source>&amp;Override and Proceed</source>
        <translation>&amp;Ausnahme zulassen und fortfahren</translation>
    </message>
</context>
<context>
    <name>custos::ui::AirGapPanel</name>
    <message>
        <source>&amp;Check Again</source>
        <translation>&amp;Erneut prüfen</translation>
    </message>
    <message>
        <source>Reads the network interfaces again</source>
        <translation>Liest die Netzwerkschnittstellen erneut</translation>
    </message>
    <message>
        <source>&amp;Override…</source>
        <translation>&amp;Ausnahme zulassen…</translation>
    </message>
    <message>
        <source>Proceed although interfaces are up, with a justification recorded in the audit trail</source>
        <translation>Trotz aktiver Schnittstellen fortfahren, mit einer Begründung im Prüfprotokoll</translation>
    </message>
    <message>
        <source>The override was refused: %1</source>
        <translation>Die Ausnahme wurde abgelehnt: %1</translation>
    </message>
    <message>
        <source>Air-gap check passed: no network interface other than loopback is up.</source>
        <translation>Air-Gap-Prüfung bestanden: außer Loopback ist keine Netzwerkschnittstelle aktiv.</translation>
    </message>
    <message>
        <source>This sees only the interfaces the system reports as up: a radio or a USB device brought up later, or one the system does not list, is not seen. Check the machine itself too.</source>
        <translation>Die Prüfung sieht nur die Schnittstellen, die das System als aktiv meldet: ein später aktiviertes Funk- oder USB-Gerät oder eines, das das System nicht auflistet, bleibt unbemerkt. Prüfen Sie auch das Gerät selbst.</translation>
    </message>
    <message>
        <source>Air-gap check overridden for %1 by %2 (recorded in the audit trail).</source>
        <translation>Air-Gap-Prüfung für %1 von %2 übergangen (im Prüfprotokoll festgehalten).</translation>
    </message>
    <message>
        <source>Up: %1</source>
        <translation>Aktiv: %1</translation>
    </message>
    <message numerus="yes">
        <source>Ceremonies refused: %n network interface(s) up: %1</source>
        <translation>
            <numerusform>Zeremonien abgelehnt: %n Netzwerkschnittstelle aktiv: %1</numerusform>
            <numerusform>Zeremonien abgelehnt: %n Netzwerkschnittstellen aktiv: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Unplug the network cable and disable Wi-Fi (and every other interface listed), then choose Check Again.</source>
        <translation>Ziehen Sie das Netzwerkkabel ab und schalten Sie WLAN (und jede andere aufgeführte Schnittstelle) aus; wählen Sie dann „Erneut prüfen“.</translation>
    </message>
    <message>
        <source>Air-gap check: ceremonies allowed</source>
        <translation>Air-Gap-Prüfung: Zeremonien erlaubt</translation>
    </message>
    <message>
        <source>Air-gap check: ceremonies refused</source>
        <translation>Air-Gap-Prüfung: Zeremonien abgelehnt</translation>
    </message>
</context>
<context>
    <name>custos::ui::ApprovalDialog</name>
    <message>
        <source>Quorum Approval</source>
        <translation>Quorum-Freigabe</translation>
    </message>
    <message numerus="yes">
        <source>This operation needs the approval of %n other operator(s). Each approver reads what follows, then enters their own passphrase at this workstation.</source>
        <translation>
            <numerusform>Dieser Vorgang braucht die Freigabe eines weiteren Operators. Jede freigebende Person liest, was folgt, und gibt dann an diesem Arbeitsplatz ihre eigene Passphrase ein.</numerusform>
            <numerusform>Dieser Vorgang braucht die Freigabe von %n weiteren Operatoren. Jede freigebende Person liest, was folgt, und gibt dann an diesem Arbeitsplatz ihre eigene Passphrase ein.</numerusform>
        </translation>
    </message>
    <message>
        <source>What is approved</source>
        <translation>Was freigegeben wird</translation>
    </message>
    <message>
        <source>Operation:</source>
        <translation>Vorgang:</translation>
    </message>
    <message>
        <source>Resource:</source>
        <translation>Ressource:</translation>
    </message>
    <message>
        <source>Requested by:</source>
        <translation>Angefordert von:</translation>
    </message>
    <message>
        <source>Permission:</source>
        <translation>Berechtigung:</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Parameter:</translation>
    </message>
    <message>
        <source>Digest:</source>
        <translation>Digest:</translation>
    </message>
    <message>
        <source>Approver passphrase</source>
        <translation>Passphrase der freigebenden Person</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Appro&amp;ver:</source>
        <translation>Freige&amp;bende Person:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Run With These Approvals</source>
        <translation>Mit diesen Freigaben &amp;ausführen</translation>
    </message>
    <message>
        <source>Nobody may approve this operation now: no other enabled operator holds what it needs.</source>
        <translation>Niemand kann diesen Vorgang jetzt freigeben: kein anderer aktiver Operator hat die nötigen Rechte.</translation>
    </message>
    <message>
        <source>%1 of %2 approvals</source>
        <translation>%1 von %2 Freigaben</translation>
    </message>
    <message>
        <source>Not approved: %1</source>
        <translation>Nicht freigegeben: %1</translation>
    </message>
    <message>
        <source>Approved by %1 at %2</source>
        <translation>Freigegeben von %1 um %2</translation>
    </message>
    <message>
        <source>Request parameters</source>
        <translation>Parameter der Anfrage</translation>
    </message>
    <message>
        <source>What the operation to approve will do</source>
        <translation>Was die zu genehmigende Operation tun wird</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Genehmigungen</translation>
    </message>
    <message>
        <source>Approvers who have approved so far</source>
        <translation>Genehmigende, die bisher zugestimmt haben</translation>
    </message>
</context>
<context>
    <name>custos::ui::AssignmentDialog</name>
    <message>
        <source>Add Role Assignment</source>
        <translation>Rollenzuweisung hinzufügen</translation>
    </message>
    <message>
        <source>%1 (group)</source>
        <translation>%1 (Gruppe)</translation>
    </message>
    <message>
        <source>operator or group</source>
        <translation>Operator oder Gruppe</translation>
    </message>
    <message>
        <source>/, /vaults/V, /vaults/V/keys/K or /vaults/V/certificates/C</source>
        <translation>/, /vaults/V, /vaults/V/keys/K oder /vaults/V/certificates/C</translation>
    </message>
    <message>
        <source>E&amp;xpires (UTC):</source>
        <translation>&amp;Verfällt (UTC):</translation>
    </message>
    <message>
        <source>Expiry date and time (UTC)</source>
        <translation>Ablaufdatum und -zeit (UTC)</translation>
    </message>
    <message>
        <source>&amp;Principal:</source>
        <translation>&amp;Prinzipal:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Bereich:</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>&amp;Zuweisen</translation>
    </message>
    <message>
        <source>Administrator assignments are never time-bound</source>
        <translation>Administrator-Zuweisungen sind nie befristet</translation>
    </message>
    <message>
        <source>Choose the operator or group to assign the role to.</source>
        <translation>Wählen Sie den Operator oder die Gruppe, der die Rolle zugewiesen wird.</translation>
    </message>
    <message>
        <source>Invalid scope &apos;%1&apos;: expected /, /vaults/V, /vaults/V/keys/K or /vaults/V/certificates/C</source>
        <translation>Ungültiger Bereich „%1“: erwartet /, /vaults/V, /vaults/V/keys/K oder /vaults/V/certificates/C</translation>
    </message>
    <message>
        <source>The expiry must lie in the future.</source>
        <translation>Der Ablauf muss in der Zukunft liegen.</translation>
    </message>
    <message>
        <source>Administrator assignments are never time-bound.</source>
        <translation>Administrator-Zuweisungen sind nie befristet.</translation>
    </message>
</context>
<context>
    <name>custos::ui::AssignmentsView</name>
    <message>
        <source>any principal</source>
        <translation>jeder Prinzipal</translation>
    </message>
    <message>
        <source>any scope, e.g. /vaults/payments</source>
        <translation>jeder Bereich, z. B. /vaults/payments</translation>
    </message>
    <message>
        <source>&amp;Principal:</source>
        <translation>&amp;Prinzipal:</translation>
    </message>
    <message>
        <source>S&amp;cope:</source>
        <translation>Be&amp;reich:</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>Assign a role to an operator or group</source>
        <translation>Einem Operator oder einer Gruppe eine Rolle zuweisen</translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation>Ihnen fehlt die Berechtigung %1 im Bereich %2</translation>
    </message>
    <message>
        <source>Role assignments</source>
        <translation>Rollenzuweisungen</translation>
    </message>
    <message>
        <source>Who holds which role at which scope</source>
        <translation>Wer welche Rolle in welchem Bereich hat</translation>
    </message>
</context>
<context>
    <name>custos::ui::AuditChart</name>
    <message>
        <source>Events over time</source>
        <translation>Ereignisse im Zeitverlauf</translation>
    </message>
    <message numerus="yes">
        <source>%n bucket(s), %1 events, %2 denied, %3 denial spike(s)</source>
        <translation>
            <numerusform>%n Zeitabschnitt, %1 Ereignisse, %2 abgelehnt, %3 Häufung(en) von Ablehnungen</numerusform>
            <numerusform>%n Zeitabschnitte, %1 Ereignisse, %2 abgelehnt, %3 Häufung(en) von Ablehnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
%2 events: %3 success, %4 denied, %5 failed</source>
        <translation>%1
%2 Ereignisse: %3 erfolgreich, %4 abgelehnt, %5 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Spike of denials</source>
        <translation>Häufung von Ablehnungen</translation>
    </message>
    <message>
        <source>%1 (hatched, bottom)</source>
        <translation>%1 (schraffiert, unten)</translation>
    </message>
    <message>
        <source>No events</source>
        <translation>Keine Ereignisse</translation>
    </message>
</context>
<context>
    <name>custos::ui::AuditDetailPane</name>
    <message>
        <source>Event details</source>
        <translation>Ereignisdetails</translation>
    </message>
    <message>
        <source>Select an event to see all of its fields.</source>
        <translation>Wählen Sie ein Ereignis, um alle seine Felder zu sehen.</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>Laufnummer</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Approvers</source>
        <translation>Genehmigende</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Justification</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Correlation id</source>
        <translation>Korrelations-ID</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Arbeitsplatz</translation>
    </message>
    <message>
        <source>OS user</source>
        <translation>Betriebssystembenutzer</translation>
    </message>
    <message>
        <source>Custos version</source>
        <translation>Custos-Version</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>Kodierung</translation>
    </message>
    <message>
        <source>Previous hash</source>
        <translation>Vorheriger Hash</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>custos::ui::AuditWindow</name>
    <message>
        <source>Show %1 events</source>
        <translation>Ereignisse mit %1 anzeigen</translation>
    </message>
    <message>
        <source>Audit Trail</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>Prüfereignisse</translation>
    </message>
    <message>
        <source>&amp;Verify Trail</source>
        <translation>Protokoll &amp;prüfen</translation>
    </message>
    <message>
        <source>Verify the audit trail</source>
        <translation>Das Prüfprotokoll verifizieren</translation>
    </message>
    <message>
        <source>Check the hash chain, the checkpoint signatures and the token&apos;s anchor</source>
        <translation>Hash-Kette, Signaturen der Prüfpunkte und den Anker im Token prüfen</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export the filtered events</source>
        <translation>Die gefilterten Ereignisse exportieren</translation>
    </message>
    <message>
        <source>Close the audit trail</source>
        <translation>Das Prüfprotokoll schließen</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Ereignis</numerusform>
            <numerusform>%n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation>&amp;Zeit:</translation>
    </message>
    <message>
        <source>From (UTC)</source>
        <translation>Von (UTC)</translation>
    </message>
    <message>
        <source>Until (UTC)</source>
        <translation>Bis (UTC)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Alle Operatoren</translation>
    </message>
    <message>
        <source>O&amp;perator:</source>
        <translation>O&amp;perator:</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>Operations to show</source>
        <translation>Anzuzeigende Vorgänge</translation>
    </message>
    <message>
        <source>Op&amp;erations:</source>
        <translation>&amp;Vorgänge:</translation>
    </message>
    <message>
        <source>&amp;Success</source>
        <translation>&amp;Erfolg</translation>
    </message>
    <message>
        <source>&amp;Denied</source>
        <translation>&amp;Abgelehnt</translation>
    </message>
    <message>
        <source>&amp;Failed</source>
        <translation>&amp;Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Resource prefix</source>
        <translation>Ressourcenpräfix</translation>
    </message>
    <message>
        <source>/vaults/name</source>
        <translation>/vaults/name</translation>
    </message>
    <message>
        <source>&amp;Resource:</source>
        <translation>&amp;Ressource:</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>Suchtext</translation>
    </message>
    <message>
        <source>Search reasons, resources, details…</source>
        <translation>Gründe, Ressourcen, Details durchsuchen…</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>Suc&amp;he:</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>Gespeicherte Filter</translation>
    </message>
    <message>
        <source>Sa&amp;ved:</source>
        <translation>Gespei&amp;chert:</translation>
    </message>
    <message>
        <source>Save Current Filter…</source>
        <translation>Aktuellen Filter speichern…</translation>
    </message>
    <message>
        <source>Save the current filter</source>
        <translation>Den aktuellen Filter speichern</translation>
    </message>
    <message>
        <source>Chart buckets</source>
        <translation>Zeitabschnitte des Diagramms</translation>
    </message>
    <message>
        <source>Chart: automatic</source>
        <translation>Diagramm: automatisch</translation>
    </message>
    <message>
        <source>Chart: per hour</source>
        <translation>Diagramm: pro Stunde</translation>
    </message>
    <message>
        <source>Chart: per day</source>
        <translation>Diagramm: pro Tag</translation>
    </message>
    <message>
        <source>All operations</source>
        <translation>Alle Vorgänge</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s)</source>
        <translation>
            <numerusform>%n Vorgang</numerusform>
            <numerusform>%n Vorgänge</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the filter &quot;%1&quot;.</source>
        <translation>Filter „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Choose a saved filter…</source>
        <translation>Gespeicherten Filter wählen…</translation>
    </message>
    <message>
        <source>Save Filter</source>
        <translation>Filter speichern</translation>
    </message>
    <message>
        <source>Name of the filter:</source>
        <translation>Name des Filters:</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>(no operator)</source>
        <translation>(kein Operator)</translation>
    </message>
    <message>
        <source>Verifying the audit trail…</source>
        <translation>Das Prüfprotokoll wird verifiziert…</translation>
    </message>
    <message>
        <source>Verification could not run: %1</source>
        <translation>Die Prüfung konnte nicht laufen: %1</translation>
    </message>
    <message numerus="yes">
        <source>The audit trail verifies: %n event(s) checked</source>
        <translation>
            <numerusform>Das Prüfprotokoll ist intakt: %n Ereignis geprüft</numerusform>
            <numerusform>Das Prüfprotokoll ist intakt: %n Ereignisse geprüft</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 checkpoint(s), the newest signed one at event %2.</source>
        <translation>, %1 Prüfpunkt(e), der neueste signierte bei Ereignis %2.</translation>
    </message>
    <message>
        <source>Events from %1 on are not covered by a checkpoint yet.</source>
        <translation>Ereignisse ab %1 sind noch durch keinen Prüfpunkt abgedeckt.</translation>
    </message>
    <message>
        <source>The audit trail does NOT verify: first bad event %1 (%2): %3</source>
        <translation>Das Prüfprotokoll ist NICHT intakt: erstes fehlerhaftes Ereignis %1 (%2): %3</translation>
    </message>
    <message>
        <source>Audit key fingerprint (SHA-256): %1</source>
        <translation>Fingerabdruck des Prüfschlüssels (SHA-256): %1</translation>
    </message>
    <message>
        <source>The audit key could not be read: %1</source>
        <translation>Der Prüfschlüssel konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Export Audit Events</source>
        <translation>Prüfereignisse exportieren</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>CEF (*.cef)</source>
        <translation>CEF (*.cef)</translation>
    </message>
    <message>
        <source>Unknown export format %1: expected jsonl, csv or cef</source>
        <translation>Unbekanntes Exportformat %1: erwartet jsonl, csv oder cef</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Export nach %1…</translation>
    </message>
    <message>
        <source>Exported the filtered events to %1.</source>
        <translation>Die gefilterten Ereignisse wurden nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Exported to %1. JSON lines stay verifiable, so they are selected by time range, resource and at most one operator, operation and result: the other filters are not applied to them.</source>
        <translation>Nach %1 exportiert. JSON Lines bleiben verifizierbar und werden daher nur nach Zeitraum, Ressource und höchstens einem Operator, Vorgang und Ergebnis ausgewählt: die übrigen Filter gelten für sie nicht.</translation>
    </message>
</context>
<context>
    <name>custos::ui::CeremonyWindow</name>
    <message>
        <source>Custos — Ceremony Mode</source>
        <translation>Custos — Zeremoniemodus</translation>
    </message>
    <message>
        <source>The clipboard is disabled in ceremony mode.</source>
        <translation>Im Zeremoniemodus ist die Zwischenablage abgeschaltet.</translation>
    </message>
    <message>
        <source>Ceremony Mode</source>
        <translation>Zeremoniemodus</translation>
    </message>
    <message>
        <source>Operator %1, workspace %2</source>
        <translation>Operator %1, Arbeitsbereich %2</translation>
    </message>
    <message>
        <source>Pre-flight: air gap</source>
        <translation>Vorabprüfung: Air Gap</translation>
    </message>
    <message>
        <source>Ceremonies</source>
        <translation>Zeremonien</translation>
    </message>
    <message>
        <source>&amp;Download the Security Domain…</source>
        <translation>Sicherheitsdomäne &amp;herunterladen…</translation>
    </message>
    <message>
        <source>Back up the domain key to a quorum of custodians</source>
        <translation>Den Domänenschlüssel für ein Quorum von Verwahrern sichern</translation>
    </message>
    <message>
        <source>&amp;Rotate the Domain Key…</source>
        <translation>Domänenschlüssel &amp;rotieren…</translation>
    </message>
    <message>
        <source>A new domain key for everything wrapped from now on, and a new file for it</source>
        <translation>Ein neuer Domänenschlüssel für alles, was ab jetzt verpackt wird, und eine neue Datei dafür</translation>
    </message>
    <message>
        <source>R&amp;estore the Security Domain…</source>
        <translation>Sicherheitsdomäne &amp;wiederherstellen…</translation>
    </message>
    <message>
        <source>Restore a domain key into this new workspace from its security-domain file</source>
        <translation>Einen Domänenschlüssel aus seiner Sicherheitsdomänen-Datei in diesen neuen Arbeitsbereich wiederherstellen</translation>
    </message>
    <message>
        <source>Managed HSM Restore &amp;Blob…</source>
        <translation>Managed-HSM-Wiederherstellungs-&amp;Blob…</translation>
    </message>
    <message>
        <source>Azure Managed HSM&apos;s offline step: a restore blob from the file, the exchange key and custodians</source>
        <translation>Der Offline-Schritt von Azure Managed HSM: ein Wiederherstellungs-Blob aus der Datei, dem Austauschschlüssel und den Verwahrern</translation>
    </message>
    <message>
        <source>&amp;Verify a Share…</source>
        <translation>Anteil &amp;prüfen…</translation>
    </message>
    <message>
        <source>The custodians&apos; drill: does a key still open its share of a file?</source>
        <translation>Die Übung der Verwahrer: Öffnet ein Schlüssel noch seinen Anteil an einer Datei?</translation>
    </message>
    <message>
        <source>Log Out and &amp;Quit</source>
        <translation>Abmelden und beende&amp;n</translation>
    </message>
    <message>
        <source>&amp;Leave Ceremony Mode</source>
        <translation>Zeremoniemodus &amp;verlassen</translation>
    </message>
    <message>
        <source>Ends the session and closes Custos</source>
        <translation>Beendet die Sitzung und schließt Custos</translation>
    </message>
    <message>
        <source>Back to the main window</source>
        <translation>Zurück zum Hauptfenster</translation>
    </message>
    <message>
        <source>Loc&amp;k</source>
        <translation>&amp;Sperren</translation>
    </message>
    <message>
        <source>Hide everything, close the wizards and forget unsealed keys until you enter your passphrase</source>
        <translation>Alles ausblenden, die Assistenten schließen und entsiegelte Schlüssel vergessen, bis Sie Ihre Passphrase eingeben</translation>
    </message>
    <message>
        <source>Loc&amp;k (Ctrl+L)</source>
        <translation>&amp;Sperren (Strg+L)</translation>
    </message>
    <message>
        <source>Refused by the air-gap check: see the pre-flight above</source>
        <translation>Von der Air-Gap-Prüfung abgelehnt: siehe Vorabprüfung oben</translation>
    </message>
    <message>
        <source>You lack the permission %1 at /</source>
        <translation>Ihnen fehlt die Berechtigung %1 auf /</translation>
    </message>
    <message>
        <source>Download the security domain first</source>
        <translation>Laden Sie zuerst die Sicherheitsdomäne herunter</translation>
    </message>
    <message>
        <source>Refused: network interfaces are up (%1). Unplug the cable and disable Wi-Fi, then choose Check Again.</source>
        <translation>Abgelehnt: Netzwerkschnittstellen sind aktiv (%1). Ziehen Sie das Kabel ab und schalten Sie WLAN aus; wählen Sie dann „Erneut prüfen“.</translation>
    </message>
    <message>
        <source>Domain key rotated; the new security-domain file is written</source>
        <translation>Domänenschlüssel rotiert; die neue Sicherheitsdomänen-Datei ist geschrieben</translation>
    </message>
    <message>
        <source>Security domain downloaded</source>
        <translation>Sicherheitsdomäne heruntergeladen</translation>
    </message>
    <message>
        <source>Domain key restored: restore the latest backup next</source>
        <translation>Domänenschlüssel wiederhergestellt: als Nächstes die neueste Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>A ceremony is still working: let it finish, then leave.</source>
        <translation>Eine Zeremonie läuft noch: Lassen Sie sie zu Ende laufen und verlassen Sie den Modus dann.</translation>
    </message>
    <message>
        <source>Locking failed: %1</source>
        <translation>Sperren fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateActions</name>
    <message>
        <source>New &amp;Certificate…</source>
        <translation>Neues &amp;Zertifikat…</translation>
    </message>
    <message>
        <source>Issue a certificate in the selected vault, or make a CSR for an external CA</source>
        <translation>Ein Zertifikat im ausgewählten Tresor ausstellen oder einen CSR für eine externe CA erzeugen</translation>
    </message>
    <message>
        <source>Re&amp;new…</source>
        <translation>&amp;Erneuern…</translation>
    </message>
    <message>
        <source>Renew the selected certificates under their policies, old and new compared first</source>
        <translation>Die ausgewählten Zertifikate nach ihren Richtlinien erneuern, zuvor Alt und Neu vergleichen</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Import a certificate with its chain and key from PEM, DER, PKCS#7 or PKCS#12</source>
        <translation>Ein Zertifikat mit Kette und Schlüssel aus PEM, DER, PKCS#7 oder PKCS#12 importieren</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Write the selected certificate as PEM, DER, its chain, or PKCS#12 with its key</source>
        <translation>Das ausgewählte Zertifikat als PEM, DER, mit seiner Kette oder als PKCS#12 mit Schlüssel schreiben</translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation>&amp;Widerrufen…</translation>
    </message>
    <message>
        <source>Revoke the selected certificate at the Custos CA that issued it</source>
        <translation>Das ausgewählte Zertifikat bei der Custos-CA widerrufen, die es ausgestellt hat</translation>
    </message>
    <message>
        <source>&amp;Delete Certificate…</source>
        <translation>Zertifikat &amp;löschen…</translation>
    </message>
    <message>
        <source>Soft-delete the selected certificate and its key; recoverable for the vault&apos;s retention</source>
        <translation>Ausgewähltes Zertifikat und seinen Schlüssel vorläufig löschen; während des Aufbewahrungszeitraums des Tresors wiederherstellbar</translation>
    </message>
    <message>
        <source>Rec&amp;over Certificate</source>
        <translation>Zertifikat wieder&amp;herstellen</translation>
    </message>
    <message>
        <source>Recover the selected deleted certificate</source>
        <translation>Ausgewähltes gelöschtes Zertifikat wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Purge Certificate…</source>
        <translation>Zertifikat e&amp;ndgültig löschen…</translation>
    </message>
    <message>
        <source>Permanently destroy the selected deleted certificate and its key</source>
        <translation>Ausgewähltes gelöschtes Zertifikat und seinen Schlüssel unwiderruflich vernichten</translation>
    </message>
    <message>
        <source>Show Deleted Cer&amp;tificates</source>
        <translation>&amp;Gelöschte Zertifikate anzeigen</translation>
    </message>
    <message>
        <source>List the vault&apos;s deleted certificates</source>
        <translation>Die gelöschten Zertifikate des Tresors auflisten</translation>
    </message>
    <message>
        <source>Due Certificate &amp;Actions…</source>
        <translation>&amp;Fällige Zertifikatsaktionen…</translation>
    </message>
    <message>
        <source>List the renewals, notifications and CRLs the certificates have made due</source>
        <translation>Die Erneuerungen, Erinnerungen und CRLs auflisten, die bei den Zertifikaten fällig sind</translation>
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
    <name>custos::ui::CertificateDetailPane</name>
    <message>
        <source>Subject:</source>
        <translation>Antragsteller:</translation>
    </message>
    <message>
        <source>Issuer:</source>
        <translation>Aussteller:</translation>
    </message>
    <message>
        <source>Alternative names:</source>
        <translation>Alternative Namen:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Gültig:</translation>
    </message>
    <message>
        <source>Serial:</source>
        <translation>Seriennummer:</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <source>SHA-1:</source>
        <translation>SHA-1:</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Kette</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verfällt</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Erweiterung</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Waiting for the external CA: merge the signed certificate to see its details.</source>
        <translation>Wartet auf die externe CA: Führen Sie das signierte Zertifikat zusammen, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>The certificate has no issued version.</source>
        <translation>Das Zertifikat hat keine ausgestellte Version.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>Issued by %1</source>
        <translation>Ausgestellt von %1</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Copy Subject</source>
        <translation>Antragsteller kopieren</translation>
    </message>
    <message>
        <source>Copy Serial</source>
        <translation>Seriennummer kopieren</translation>
    </message>
    <message>
        <source>Copy SHA-256 Fingerprint</source>
        <translation>SHA-256-Fingerabdruck kopieren</translation>
    </message>
    <message>
        <source>Copy SHA-1 Fingerprint</source>
        <translation>SHA-1-Fingerabdruck kopieren</translation>
    </message>
    <message>
        <source>Certificate chain</source>
        <translation>Zertifikatskette</translation>
    </message>
    <message>
        <source>The certificate and its issuers up to the root</source>
        <translation>Das Zertifikat und seine Aussteller bis zur Wurzel</translation>
    </message>
    <message>
        <source>Certificate extensions</source>
        <translation>Zertifikatserweiterungen</translation>
    </message>
    <message>
        <source>The X.509 extensions of the selected certificate with their values</source>
        <translation>Die X.509-Erweiterungen des ausgewählten Zertifikats mit ihren Werten</translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateExportDialog</name>
    <message>
        <source>Export Certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ exportieren</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Certificate (&amp;PEM)</source>
        <translation>Zertifikat (&amp;PEM)</translation>
    </message>
    <message>
        <source>&amp;CA bundle (PEM)</source>
        <translation>&amp;CA-Bündel (PEM)</translation>
    </message>
    <message>
        <source>Certificate with &amp;chain (PEM)</source>
        <translation>Zertifikat mit &amp;Kette (PEM)</translation>
    </message>
    <message>
        <source>Certificate (&amp;DER)</source>
        <translation>Zertifikat (&amp;DER)</translation>
    </message>
    <message>
        <source>PKCS#&amp;12 with the private key (AES-256, PBKDF2)</source>
        <translation>PKCS#&amp;12 mit dem privaten Schlüssel (AES-256, PBKDF2)</translation>
    </message>
    <message>
        <source>PKCS#12 with the private key, &amp;legacy (3DES, RC2)</source>
        <translation>PKCS#12 mit dem privaten Schlüssel, ver&amp;altet (3DES, RC2)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is pending: it has no signed certificate to export yet. Merge the certificate the CA signed first.</source>
        <translation>„%1“ ist ausstehend: Es gibt noch kein signiertes Zertifikat zum Exportieren. Führen Sie zuerst das von der CA signierte Zertifikat zusammen.</translation>
    </message>
    <message>
        <source>The key of &apos;%1&apos; is not exportable: PKCS#12 holds the private key, so it is not available. The certificate itself can be exported.</source>
        <translation>Der Schlüssel von „%1“ ist nicht exportierbar: PKCS#12 enthält den privaten Schlüssel und steht daher nicht zur Verfügung. Das Zertifikat selbst kann exportiert werden.</translation>
    </message>
    <message>
        <source>The file to write</source>
        <translation>Die zu schreibende Datei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>Confi&amp;rm password:</source>
        <translation>Passwort &amp;bestätigen:</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Da&amp;tei:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Warning: legacy PKCS#12 protects the key with 3DES and the certificates with RC2-40 under a SHA-1 MAC, which is weak. Use it only for consumers that cannot read AES-256 (old Java, Windows 7).</source>
        <translation>Warnung: Veraltetes PKCS#12 schützt den Schlüssel mit 3DES und die Zertifikate mit RC2-40 unter einem SHA-1-MAC; das ist schwach. Verwenden Sie es nur für Empfänger, die AES-256 nicht lesen können (altes Java, Windows 7).</translation>
    </message>
    <message>
        <source>Export to File</source>
        <translation>In Datei exportieren</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt)</source>
        <translation>PEM-Dateien (*.pem *.crt)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>DER files (*.cer *.der)</source>
        <translation>DER-Dateien (*.cer *.der)</translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx)</source>
        <translation>PKCS#12-Dateien (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>There is nothing to export yet.</source>
        <translation>Es gibt noch nichts zu exportieren.</translation>
    </message>
    <message>
        <source>Type a password for the PKCS#12 file, twice.</source>
        <translation>Geben Sie zweimal ein Passwort für die PKCS#12-Datei ein.</translation>
    </message>
    <message>
        <source>Type the password again to confirm it.</source>
        <translation>Geben Sie das Passwort zur Bestätigung erneut ein.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Die Passwörter stimmen nicht überein.</translation>
    </message>
    <message>
        <source>Choose the file to write (default: %1).</source>
        <translation>Wählen Sie die zu schreibende Datei (Vorgabe: %1).</translation>
    </message>
    <message>
        <source>%1 is a directory: choose a file name in it.</source>
        <translation>%1 ist ein Verzeichnis: Wählen Sie einen Dateinamen darin.</translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateImportDialog</name>
    <message>
        <source>Import Certificate into &apos;%1&apos;</source>
        <translation>Zertifikat in „%1“ importieren</translation>
    </message>
    <message>
        <source>PEM, DER, PKCS#7 or PKCS#12 file</source>
        <translation>PEM-, DER-, PKCS#7- oder PKCS#12-Datei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>E&amp;xportable private key (cannot be changed later)</source>
        <translation>E&amp;xportierbarer privater Schlüssel (später nicht änderbar)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Da&amp;tei:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>P&amp;rotection:</source>
        <translation>Schut&amp;z:</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>Certificate File</source>
        <translation>Zertifikatsdatei</translation>
    </message>
    <message>
        <source>Certificate files (*.pem *.crt *.cer *.der *.p7b *.p7c *.p12 *.pfx)</source>
        <translation>Zertifikatsdateien (*.pem *.crt *.cer *.der *.p7b *.p7c *.p12 *.pfx)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>die Datei existiert nicht</translation>
    </message>
    <message>
        <source>it is a directory</source>
        <translation>es ist ein Verzeichnis</translation>
    </message>
    <message>
        <source>the file is larger than 10 MiB: not a certificate file</source>
        <translation>die Datei ist größer als 10 MiB: keine Zertifikatsdatei</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Choose a file to see what it holds.</source>
        <translation>Wählen Sie eine Datei, um ihren Inhalt zu sehen.</translation>
    </message>
    <message>
        <source>Nothing read.</source>
        <translation>Nichts gelesen.</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format: %1</translation>
    </message>
    <message>
        <source>Certificate: %1</source>
        <translation>Zertifikat: %1</translation>
    </message>
    <message>
        <source>Issuer: %1</source>
        <translation>Aussteller: %1</translation>
    </message>
    <message>
        <source>Valid: %1 to %2</source>
        <translation>Gültig: %1 bis %2</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Schlüssel: %1</translation>
    </message>
    <message numerus="yes">
        <source>Chain: %n more certificate(s)</source>
        <translation>
            <numerusform>Kette: %n weiteres Zertifikat</numerusform>
            <numerusform>Kette: %n weitere Zertifikate</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>PKCS#12, password needed.</source>
        <translation>PKCS#12, Passwort erforderlich.</translation>
    </message>
    <message>
        <source>Wrong password for the PKCS#12 file %1.</source>
        <translation>Falsches Passwort für die PKCS#12-Datei %1.</translation>
    </message>
    <message>
        <source>PKCS#12 (%1)</source>
        <translation>PKCS#12 (%1)</translation>
    </message>
    <message>
        <source>Private key: included</source>
        <translation>Privater Schlüssel: enthalten</translation>
    </message>
    <message>
        <source>Private key: none</source>
        <translation>Privater Schlüssel: keiner</translation>
    </message>
    <message>
        <source>Warning: the file uses legacy encryption (%1), which is weak. Prefer files protected with AES-256 and PBKDF2.</source>
        <translation>Warnung: Die Datei verwendet veraltete, schwache Verschlüsselung (%1). Bevorzugen Sie mit AES-256 und PBKDF2 geschützte Dateien.</translation>
    </message>
    <message>
        <source>%1 is not a certificate file Custos can read: %2</source>
        <translation>%1 ist keine Zertifikatsdatei, die Custos lesen kann: %2</translation>
    </message>
    <message>
        <source>Private key: encrypted, password needed</source>
        <translation>Privater Schlüssel: verschlüsselt, Passwort erforderlich</translation>
    </message>
    <message>
        <source>Wrong password for the private key in %1.</source>
        <translation>Falsches Passwort für den privaten Schlüssel in %1.</translation>
    </message>
    <message>
        <source>The private key in %1 cannot be read: %2</source>
        <translation>Der private Schlüssel in %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Type the file&apos;s password to read it.</source>
        <translation>Geben Sie das Passwort der Datei ein, um sie zu lesen.</translation>
    </message>
    <message>
        <source>Certificate names have %1.</source>
        <translation>Zertifikatsnamen haben %1.</translation>
    </message>
    <message>
        <source>1-127 characters: letters, digits and dashes</source>
        <translation>1 bis 127 Zeichen: Buchstaben, Ziffern und Bindestriche</translation>
    </message>
    <message>
        <source>Chain: none</source>
        <translation>Kette: keine</translation>
    </message>
    <message>
        <source>PEM or DER private key (PKCS#8, PKCS#1 or SEC1)</source>
        <translation>Privater Schlüssel als PEM oder DER (PKCS#8, PKCS#1 oder SEC1)</translation>
    </message>
    <message>
        <source>Private &amp;key file:</source>
        <translation>&amp;Schlüsseldatei:</translation>
    </message>
    <message>
        <source>Private Key File</source>
        <translation>Datei des privaten Schlüssels</translation>
    </message>
    <message>
        <source>Private key files (*.key *.pem *.der *.p8 *.pk8)</source>
        <translation>Dateien mit privaten Schlüsseln (*.key *.pem *.der *.p8 *.pk8)</translation>
    </message>
    <message>
        <source>the file is larger than 10 MiB: not a private key file</source>
        <translation>die Datei ist größer als 10 MiB: keine Datei mit einem privaten Schlüssel</translation>
    </message>
    <message>
        <source>Private key: none (choose its private key file)</source>
        <translation>Privater Schlüssel: keiner (wählen Sie die Datei mit dem privaten Schlüssel)</translation>
    </message>
    <message>
        <source>Private key: from %1, encrypted, password needed</source>
        <translation>Privater Schlüssel: aus %1, verschlüsselt, Passwort erforderlich</translation>
    </message>
    <message>
        <source>The key in %1 does not belong to the certificate in %2.</source>
        <translation>Der Schlüssel in %1 gehört nicht zum Zertifikat in %2.</translation>
    </message>
    <message>
        <source>Private key: from %1</source>
        <translation>Privater Schlüssel: aus %1</translation>
    </message>
    <message>
        <source>%1 holds no private key: choose the certificate&apos;s private key file.</source>
        <translation>%1 enthält keinen privaten Schlüssel: wählen Sie die Datei mit dem privaten Schlüssel des Zertifikats.</translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation>Du&amp;rchsuchen…</translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateOperations</name>
    <message>
        <source>Loading the certificate authorities…</source>
        <translation>Zertifizierungsstellen werden geladen…</translation>
    </message>
    <message>
        <source>Could not list the certificate authorities</source>
        <translation>Die Zertifizierungsstellen konnten nicht aufgelistet werden</translation>
    </message>
    <message>
        <source>Could not prepare the renewal</source>
        <translation>Die Erneuerung konnte nicht vorbereitet werden</translation>
    </message>
    <message>
        <source>Revoke Certificate</source>
        <translation>Zertifikat widerrufen</translation>
    </message>
    <message>
        <source>Revoke certificate &apos;%1&apos; in vault &apos;%2&apos; (serial %3) at CA &apos;%4&apos;? This cannot be undone.

Reason:</source>
        <translation>Zertifikat „%1“ im Tresor „%2“ (Seriennummer %3) bei der CA „%4“ widerrufen? Dies kann nicht rückgängig gemacht werden.

Grund:</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>&amp;Widerrufen</translation>
    </message>
    <message>
        <source>Delete Certificate</source>
        <translation>Zertifikat löschen</translation>
    </message>
    <message>
        <source>Delete certificate &apos;%1&apos; from vault &apos;%2&apos;?</source>
        <translation>Zertifikat „%1“ aus dem Tresor „%2“ löschen?</translation>
    </message>
    <message numerus="yes">
        <source>It can be recovered with its key for %n day(s); after that it is purged with all its versions.</source>
        <translation>
            <numerusform>Es kann mit seinem Schlüssel %n Tag lang wiederhergestellt werden; danach wird es mit allen Versionen endgültig gelöscht.</numerusform>
            <numerusform>Es kann mit seinem Schlüssel %n Tage lang wiederhergestellt werden; danach wird es mit allen Versionen endgültig gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Purge Certificate</source>
        <translation>Zertifikat endgültig löschen</translation>
    </message>
    <message>
        <source>Purge certificate &apos;%1&apos; from vault &apos;%2&apos;? This cannot be undone.</source>
        <translation>Zertifikat „%1“ aus dem Tresor „%2“ endgültig löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>All its versions and its key&apos;s token objects are destroyed.</source>
        <translation>Alle seine Versionen und die Token-Objekte seines Schlüssels werden vernichtet.</translation>
    </message>
    <message>
        <source>&amp;Purge</source>
        <translation>&amp;Endgültig löschen</translation>
    </message>
    <message>
        <source>Issuing certificate &apos;%1&apos;…</source>
        <translation>Zertifikat „%1“ wird ausgestellt…</translation>
    </message>
    <message>
        <source>Could not issue certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ konnte nicht ausgestellt werden</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; issued</source>
        <translation>Zertifikat „%1“ ausgestellt</translation>
    </message>
    <message>
        <source>Making a CSR for certificate &apos;%1&apos;…</source>
        <translation>CSR für Zertifikat „%1“ wird erzeugt…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Could not make a CSR for certificate &apos;%1&apos;</source>
        <translation>CSR für Zertifikat „%1“ konnte nicht erzeugt werden</translation>
    </message>
    <message>
        <source>Could not save the CSR of certificate &apos;%1&apos;</source>
        <translation>Der CSR des Zertifikats „%1“ konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>CSR for certificate &apos;%1&apos; made: have it signed, then merge the certificate</source>
        <translation>CSR für Zertifikat „%1“ erzeugt: Lassen Sie ihn signieren und führen Sie dann das Zertifikat zusammen</translation>
    </message>
    <message>
        <source>Save CSR</source>
        <translation>CSR speichern</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; in vault &apos;%2&apos; waits for an external CA. Save its CSR now?</source>
        <translation>Das Zertifikat „%1“ im Tresor „%2“ wartet auf eine externe CA. Seinen CSR jetzt speichern?</translation>
    </message>
    <message>
        <source>Send the CSR (PEM) to the CA; merge the certificate it signs into this one.</source>
        <translation>Senden Sie den CSR (PEM) an die CA und führen Sie das von ihr signierte Zertifikat mit diesem zusammen.</translation>
    </message>
    <message>
        <source>Certificate requests (*.csr *.pem)</source>
        <translation>Zertifikatsanforderungen (*.csr *.pem)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>CSR saved to %1</source>
        <translation>CSR in %1 gespeichert</translation>
    </message>
    <message>
        <source>Renewing certificate &apos;%1&apos;…</source>
        <translation>Zertifikat „%1“ wird erneuert…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Could not renew certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ konnte nicht erneuert werden</translation>
    </message>
    <message numerus="yes">
        <source>Could not renew %n certificate(s)</source>
        <translation>
            <numerusform>%n Zertifikat konnte nicht erneuert werden</numerusform>
            <numerusform>%n Zertifikate konnten nicht erneuert werden</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; renewed</source>
        <translation>Zertifikat „%1“ erneuert</translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) renewed</source>
        <translation>
            <numerusform>%n Zertifikat erneuert</numerusform>
            <numerusform>%n Zertifikate erneuert</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing certificate &apos;%1&apos;…</source>
        <translation>Zertifikat „%1“ wird importiert…</translation>
    </message>
    <message>
        <source>Could not import certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ konnte nicht importiert werden</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; imported from %2 with its private key</source>
        <translation>Zertifikat „%1“ aus %2 mit seinem privaten Schlüssel importiert</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; imported from %2</source>
        <translation>Zertifikat „%1“ aus %2 importiert</translation>
    </message>
    <message>
        <source>Could not export certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ konnte nicht exportiert werden</translation>
    </message>
    <message>
        <source>certificate &apos;%1&apos; has no issued version yet</source>
        <translation>Zertifikat „%1“ hat noch keine ausgestellte Version</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; exported to %2</source>
        <translation>Zertifikat „%1“ nach %2 exportiert</translation>
    </message>
    <message>
        <source>Could not revoke certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ konnte nicht widerrufen werden</translation>
    </message>
    <message>
        <source>certificate &apos;%1&apos; was not issued by a Custos CA: only its issuer can revoke it</source>
        <translation>Zertifikat „%1“ wurde nicht von einer Custos-CA ausgestellt: Nur sein Aussteller kann es widerrufen</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; revoked (%2)</source>
        <translation>Zertifikat „%1“ widerrufen (%2)</translation>
    </message>
    <message>
        <source>Could not delete certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ konnte nicht gelöscht werden</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; deleted</source>
        <translation>Zertifikat „%1“ gelöscht</translation>
    </message>
    <message>
        <source>Could not recover certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ konnte nicht wiederhergestellt werden</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; recovered</source>
        <translation>Zertifikat „%1“ wiederhergestellt</translation>
    </message>
    <message>
        <source>Could not purge certificate &apos;%1&apos;</source>
        <translation>Zertifikat „%1“ konnte nicht endgültig gelöscht werden</translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; purged</source>
        <translation>Zertifikat „%1“ endgültig gelöscht</translation>
    </message>
    <message>
        <source>no file chosen to write</source>
        <translation>keine Datei zum Schreiben gewählt</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot make %1 readable by its owner alone: %2</source>
        <translation>%1 kann nicht nur für den Eigentümer lesbar gemacht werden: %2</translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificatesView</name>
    <message>
        <source>Filter by name or subject (Ctrl+F)</source>
        <translation>Nach Name oder Antragsteller filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>&lt; 30 days</source>
        <translation>&lt; 30 Tage</translation>
    </message>
    <message>
        <source>Select a vault to see its certificates.</source>
        <translation>Wählen Sie einen Tresor aus, um seine Zertifikate anzuzeigen.</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is deleted: recover it to see its certificates.</source>
        <translation>Der Tresor „%1“ ist gelöscht: Stellen Sie ihn wieder her, um seine Zertifikate zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>Certificates in vault &apos;%1&apos; (%n)</source>
        <translation>
            <numerusform>Zertifikate im Tresor „%1“ (%n)</numerusform>
            <numerusform>Zertifikate im Tresor „%1“ (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>%n angezeigt</numerusform>
            <numerusform>%n angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate Actions</source>
        <translation>Zertifikatsaktionen</translation>
    </message>
    <message numerus="yes">
        <source>Deleted certificates in vault &apos;%1&apos; (%n)</source>
        <translation>
            <numerusform>Gelöschte Zertifikate im Tresor „%1“ (%n)</numerusform>
            <numerusform>Gelöschte Zertifikate im Tresor „%1“ (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Zertifikate</translation>
    </message>
    <message>
        <source>The certificates of the selected vault; the context menu and the tool bar act on the selection</source>
        <translation>Die Zertifikate des ausgewählten Tresors; Kontextmenü und Werkzeugleiste wirken auf die Auswahl</translation>
    </message>
    <message>
        <source>Filter certificates</source>
        <translation>Zertifikate filtern</translation>
    </message>
</context>
<context>
    <name>custos::ui::CustodianCertificateModel</name>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message numerus="yes">
        <source>expires in %n day(s)</source>
        <translation>
            <numerusform>läuft in %n Tag ab</numerusform>
            <numerusform>läuft in %n Tagen ab</numerusform>
        </translation>
    </message>
    <message>
        <source>RSA-%1</source>
        <translation>RSA-%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>SHA-256 thumbprint of the certificate (x5t#S256)</source>
        <translation>SHA-256-Fingerabdruck des Zertifikats (x5t#S256)</translation>
    </message>
    <message>
        <source>The certificate still encrypts and decrypts shares after it expires, but plan to replace this custodian</source>
        <translation>Das Zertifikat ver- und entschlüsselt Anteile auch nach seinem Ablauf, aber planen Sie, diesen Verwahrer zu ersetzen</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Thumbprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
</context>
<context>
    <name>custos::ui::CustodianInputSupport</name>
    <message>
        <source>Choose a file.</source>
        <translation>Wählen Sie eine Datei.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is larger than 16 MiB: not a security-domain file</source>
        <translation>%1 ist größer als 16 MiB: keine Sicherheitsdomänen-Datei</translation>
    </message>
    <message>
        <source>%1 custodians (N), %2 needed to restore (M)</source>
        <translation>%1 Verwahrer (N), %2 für die Wiederherstellung nötig (M)</translation>
    </message>
    <message>
        <source>Custodian certificate thumbprints (x5t_256):</source>
        <translation>Fingerabdrücke der Verwahrer-Zertifikate (x5t_256):</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 Bytes)</translation>
    </message>
    <message>
        <source>Items: %1</source>
        <translation>Einträge: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::CustodianInputWidget</name>
    <message>
        <source>Choose the custodian&apos;s key file.</source>
        <translation>Wählen Sie die Schlüsseldatei des Verwahrers.</translation>
    </message>
    <message>
        <source>&amp;Key file</source>
        <translation>&amp;Schlüsseldatei</translation>
    </message>
    <message>
        <source>C&amp;ard (PKCS#11)</source>
        <translation>K&amp;arte (PKCS#11)</translation>
    </message>
    <message>
        <source>the custodian&apos;s private key (PEM); its .cer beside it</source>
        <translation>der private Schlüssel des Verwahrers (PEM); seine .cer daneben</translation>
    </message>
    <message>
        <source>Custodian Key File</source>
        <translation>Schlüsseldatei des Verwahrers</translation>
    </message>
    <message>
        <source>Private keys (*.key *.pem *.der);;All files (*)</source>
        <translation>Private Schlüssel (*.key *.pem *.der);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Key file password</source>
        <translation>Passwort der Schlüsseldatei</translation>
    </message>
    <message>
        <source>empty for an unencrypted key file</source>
        <translation>leer bei einer unverschlüsselten Schlüsseldatei</translation>
    </message>
    <message>
        <source>Key &amp;file:</source>
        <translation>Schlüsseldat&amp;ei:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>pkcs11:token=…;object=… or the card&apos;s token label</source>
        <translation>pkcs11:token=…;object=… oder die Token-Bezeichnung der Karte</translation>
    </message>
    <message>
        <source>the key&apos;s label on the card</source>
        <translation>die Bezeichnung des Schlüssels auf der Karte</translation>
    </message>
    <message>
        <source>Card PIN</source>
        <translation>Karten-PIN</translation>
    </message>
    <message>
        <source>&amp;Card:</source>
        <translation>&amp;Karte:</translation>
    </message>
    <message>
        <source>Key &amp;label:</source>
        <translation>Schlüssel&amp;bezeichnung:</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <source>&amp;Present key</source>
        <translation>Schlüssel &amp;vorlegen</translation>
    </message>
    <message>
        <source>Custodians presented</source>
        <translation>Vorgelegte Verwahrer</translation>
    </message>
    <message>
        <source>%1 of %2 shares collected</source>
        <translation>%1 von %2 Anteilen gesammelt</translation>
    </message>
    <message>
        <source>Decrypting this custodian&apos;s share…</source>
        <translation>Der Anteil dieses Verwahrers wird entschlüsselt…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 presented their key: %n share(s) opened.</source>
        <translation>
            <numerusform>%1 hat den Schlüssel vorgelegt: %n Anteil geöffnet.</numerusform>
            <numerusform>%1 hat den Schlüssel vorgelegt: %n Anteile geöffnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>Nicht geöffnet: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n share(s) opened</source>
        <translation>
            <numerusform>%1: %n Anteil geöffnet</numerusform>
            <numerusform>%1: %n Anteile geöffnet</numerusform>
        </translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation>Durc&amp;hsuchen…</translation>
    </message>
</context>
<context>
    <name>custos::ui::CustodianSetModel</name>
    <message>
        <source>expiring</source>
        <translation>läuft bald ab</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This custodian&apos;s certificate expires soon. Its share still opens; plan a new download with a renewed certificate.</source>
        <translation>Das Zertifikat dieses Verwahrers läuft bald ab. Sein Anteil öffnet sich weiterhin; planen Sie einen neuen Download mit einem erneuerten Zertifikat.</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Thumbprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <source>Certificate expires</source>
        <translation>Zertifikat läuft ab</translation>
    </message>
</context>
<context>
    <name>custos::ui::DownloadWizard</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Custodian certificates</source>
        <translation>Verwahrer-Zertifikate</translation>
    </message>
    <message>
        <source>Rotation makes a new domain key for everything wrapped from now on, and a new security-domain file for these custodians. The old domain key stays in the token, so older backups still restore here.</source>
        <translation>Die Rotation erstellt einen neuen Domänenschlüssel für alles, was ab jetzt verpackt wird, und eine neue Sicherheitsdomänen-Datei für diese Verwahrer. Der alte Domänenschlüssel bleibt im Token, sodass ältere Sicherungen sich hier weiterhin wiederherstellen lassen.</translation>
    </message>
    <message>
        <source>Add one certificate per custodian, 3 to 10. Each share of the domain key is encrypted to one of them (RSA-OAEP-256).</source>
        <translation>Fügen Sie ein Zertifikat je Verwahrer hinzu, 3 bis 10. Jeder Anteil des Domänenschlüssels wird für eines davon verschlüsselt (RSA-OAEP-256).</translation>
    </message>
    <message>
        <source>&amp;Add Certificates…</source>
        <translation>Zertifikate &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Quorum and witnesses</source>
        <translation>Quorum und Zeugen</translation>
    </message>
    <message>
        <source>How many custodians must come together to restore the domain key, and who watches the ceremony.</source>
        <translation>Wie viele Verwahrer zusammenkommen müssen, um den Domänenschlüssel wiederherzustellen, und wer die Zeremonie bezeugt.</translation>
    </message>
    <message>
        <source>&amp;Quorum (M):</source>
        <translation>&amp;Quorum (M):</translation>
    </message>
    <message>
        <source>One name per line</source>
        <translation>Ein Name je Zeile</translation>
    </message>
    <message>
        <source>&amp;Witnesses:</source>
        <translation>&amp;Zeugen:</translation>
    </message>
    <message>
        <source>Any %1 of the %2 custodians together can restore the domain key; %3 cannot. Up to %4 custodians may be lost or unavailable.</source>
        <translation>Beliebige %1 der %2 Verwahrer können den Domänenschlüssel gemeinsam wiederherstellen; %3 nicht. Bis zu %4 Verwahrer dürfen verloren gehen oder verhindert sein.</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Überprüfen</translation>
    </message>
    <message>
        <source>Security-domain &amp;file:</source>
        <translation>Sicherheitsdomänen-&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Rotate</source>
        <translation>&amp;Rotieren</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <source>&lt;p&gt;Custos makes a &lt;b&gt;new domain key&lt;/b&gt;. Keys, backups and files made from now on are wrapped under it; the current one is retired and kept in the token so that older backups still restore.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Custos erstellt einen &lt;b&gt;neuen Domänenschlüssel&lt;/b&gt;. Schlüssel, Sicherungen und Dateien, die ab jetzt entstehen, werden darunter verpackt; der bisherige wird außer Dienst gestellt und im Token behalten, sodass ältere Sicherungen sich weiterhin wiederherstellen lassen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Custos makes a fresh master secret, wraps the domain key under a key derived from it, and splits the secret into %1 shares, each encrypted to one custodian: %2. &lt;b&gt;Any %3 of them&lt;/b&gt; can restore the domain key.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Custos erzeugt ein frisches Hauptgeheimnis, verpackt den Domänenschlüssel unter einem daraus abgeleiteten Schlüssel und teilt das Geheimnis in %1 Anteile, jeder für einen Verwahrer verschlüsselt: %2. &lt;b&gt;Beliebige %3 von ihnen&lt;/b&gt; können den Domänenschlüssel wiederherstellen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Witnesses: %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Zeugen: %1.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>&lt;p&gt;The master secret and the domain key exist only in secure memory during this step and are never shown or written in the clear. The file, its SHA-256 and the custodians&apos; thumbprints are recorded in the audit trail.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Das Hauptgeheimnis und der Domänenschlüssel existieren nur während dieses Schritts im geschützten Speicher und werden nie im Klartext gezeigt oder geschrieben. Die Datei, ihr SHA-256 und die Fingerabdrücke der Verwahrer werden im Audit-Protokoll festgehalten.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Choose where to save the security-domain file.</source>
        <translation>Wählen Sie, wo die Sicherheitsdomänen-Datei gespeichert wird.</translation>
    </message>
    <message>
        <source>%1 is a folder: name a file in it.</source>
        <translation>%1 ist ein Ordner: Nennen Sie eine Datei darin.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The file exists and will be replaced.</source>
        <translation>Die Datei existiert und wird ersetzt.</translation>
    </message>
    <message>
        <source>Rotating the domain key</source>
        <translation>Der Domänenschlüssel wird rotiert</translation>
    </message>
    <message>
        <source>Downloading the security domain</source>
        <translation>Die Sicherheitsdomäne wird heruntergeladen</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Save &amp;Transcript…</source>
        <translation>&amp;Protokoll speichern…</translation>
    </message>
    <message>
        <source>Save Transcript as &amp;PDF…</source>
        <translation>Protokoll als P&amp;DF speichern…</translation>
    </message>
    <message>
        <source>Pri&amp;nt Transcript…</source>
        <translation>Protokoll &amp;drucken…</translation>
    </message>
    <message>
        <source>Rotate the Domain Key</source>
        <translation>Domänenschlüssel rotieren</translation>
    </message>
    <message>
        <source>Download the Security Domain</source>
        <translation>Sicherheitsdomäne herunterladen</translation>
    </message>
    <message>
        <source>%1: a security domain has at most %2 custodians</source>
        <translation>%1: Eine Sicherheitsdomäne hat höchstens %2 Verwahrer</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is the certificate of %2, which is in the list already</source>
        <translation>%1 ist das Zertifikat von %2, das bereits in der Liste steht</translation>
    </message>
    <message>
        <source>The certificate of %1 %2.</source>
        <translation>Das Zertifikat von %1: %2.</translation>
    </message>
    <message>
        <source>Add Custodian Certificates</source>
        <translation>Verwahrer-Zertifikate hinzufügen</translation>
    </message>
    <message>
        <source>Certificates (*.cer *.crt *.pem *.der)</source>
        <translation>Zertifikate (*.cer *.crt *.pem *.der)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save the Security-Domain File</source>
        <translation>Sicherheitsdomänen-Datei speichern</translation>
    </message>
    <message>
        <source>Security-domain files (*.json)</source>
        <translation>Sicherheitsdomänen-Dateien (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Making a new domain key and the file for %n custodian(s)…</source>
        <translation>
            <numerusform>Ein neuer Domänenschlüssel und die Datei für %n Verwahrer werden erstellt…</numerusform>
            <numerusform>Ein neuer Domänenschlüssel und die Datei für %n Verwahrer werden erstellt…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Making the security-domain file for %n custodian(s)…</source>
        <translation>
            <numerusform>Die Sicherheitsdomänen-Datei für %n Verwahrer wird erstellt…</numerusform>
            <numerusform>Die Sicherheitsdomänen-Datei für %n Verwahrer wird erstellt…</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was written or recorded. Go back to change the ceremony, or cancel.</source>
        <translation>Nichts wurde geschrieben oder festgehalten. Gehen Sie zurück, um die Zeremonie zu ändern, oder brechen Sie ab.</translation>
    </message>
    <message>
        <source>The ceremony failed: %1</source>
        <translation>Die Zeremonie ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>&lt;p&gt;A new domain key is active; the previous one is retired and still opens older backups.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Ein neuer Domänenschlüssel ist aktiv; der vorige ist außer Dienst gestellt und öffnet weiterhin ältere Sicherungen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The security-domain file was written to &lt;b&gt;%1&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Die Sicherheitsdomänen-Datei wurde nach &lt;b&gt;%1&lt;/b&gt; geschrieben.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;SHA-256 of the file:&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;SHA-256 der Datei:&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Quorum: &lt;b&gt;%1 of %2&lt;/b&gt; custodians.&lt;/p&gt;&lt;ul&gt;%3&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Quorum: &lt;b&gt;%1 von %2&lt;/b&gt; Verwahrern.&lt;/p&gt;&lt;ul&gt;%3&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Domain key ID: &lt;tt&gt;%1&lt;/tt&gt; (the key itself never leaves secure memory unwrapped).&lt;/p&gt;</source>
        <translation>&lt;p&gt;ID des Domänenschlüssels: &lt;tt&gt;%1&lt;/tt&gt; (der Schlüssel selbst verlässt den geschützten Speicher nie unverpackt).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Save the transcript (signed JSON) and print it for the paper file: its SHA-256 is &lt;tt&gt;%1&lt;/tt&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Speichern Sie das Protokoll (signiertes JSON) und drucken Sie es für die Papierablage: Sein SHA-256 ist &lt;tt&gt;%1&lt;/tt&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The previous custodian set is superseded. Files made for earlier custodian sets still open with their old shares. Rotate the domain key so that new backups need the new custodians.</source>
        <translation>Die vorige Verwahrergruppe ist abgelöst. Dateien für frühere Verwahrergruppen öffnen sich weiterhin mit ihren alten Anteilen. Rotieren Sie den Domänenschlüssel, damit neue Sicherungen die neuen Verwahrer brauchen.</translation>
    </message>
    <message>
        <source>no ceremony has run yet</source>
        <translation>es ist noch keine Zeremonie gelaufen</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Save the Transcript as PDF</source>
        <translation>Protokoll als PDF speichern</translation>
    </message>
    <message>
        <source>Save the Transcript</source>
        <translation>Protokoll speichern</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Transcripts (*.json)</source>
        <translation>Protokolle (*.json)</translation>
    </message>
    <message>
        <source>One certificate per custodian, in share order, with holder and expiry</source>
        <translation>Ein Zertifikat je Verwahrer in Anteilsreihenfolge, mit Inhaber und Ablauf</translation>
    </message>
</context>
<context>
    <name>custos::ui::DueActions</name>
    <message>
        <source>&amp;Carry Out</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Später</translation>
    </message>
</context>
<context>
    <name>custos::ui::DueCertificateActions</name>
    <message>
        <source>Due Certificate Actions</source>
        <translation>Fällige Zertifikatsaktionen</translation>
    </message>
    <message>
        <source>Could not list the due certificate actions</source>
        <translation>Die fälligen Zertifikatsaktionen konnten nicht aufgelistet werden</translation>
    </message>
    <message>
        <source>No certificate actions are due</source>
        <translation>Keine Zertifikatsaktionen fällig</translation>
    </message>
    <message>
        <source>%1/%2: %3</source>
        <translation>%1/%2: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n certificate action(s) are due. Carry them out now as you?</source>
        <translation>
            <numerusform>%n Zertifikatsaktion ist fällig. Jetzt unter Ihrem Namen ausführen?</numerusform>
            <numerusform>%n Zertifikatsaktionen sind fällig. Jetzt unter Ihrem Namen ausführen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Carrying out due certificate actions…</source>
        <translation>Fällige Zertifikatsaktionen werden ausgeführt…</translation>
    </message>
    <message numerus="yes">
        <source>%n due certificate action(s) carried out</source>
        <translation>
            <numerusform>%n fällige Zertifikatsaktion ausgeführt</numerusform>
            <numerusform>%n fällige Zertifikatsaktionen ausgeführt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due certificate action(s) failed</source>
        <translation>
            <numerusform>%n fällige Zertifikatsaktion fehlgeschlagen</numerusform>
            <numerusform>%n fällige Zertifikatsaktionen fehlgeschlagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::DueKeyActions</name>
    <message>
        <source>Due Key Actions</source>
        <translation>Fällige Schlüsselaktionen</translation>
    </message>
    <message>
        <source>Could not list the due key actions</source>
        <translation>Die fälligen Schlüsselaktionen konnten nicht aufgelistet werden</translation>
    </message>
    <message>
        <source>No key actions are due</source>
        <translation>Keine Schlüsselaktionen fällig</translation>
    </message>
    <message>
        <source>%1/%2: %3</source>
        <translation>%1/%2: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n key action(s) are due. Carry them out now as you?</source>
        <translation>
            <numerusform>%n Schlüsselaktion ist fällig. Jetzt unter Ihrem Namen ausführen?</numerusform>
            <numerusform>%n Schlüsselaktionen sind fällig. Jetzt unter Ihrem Namen ausführen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Carrying out due key actions…</source>
        <translation>Fällige Schlüsselaktionen werden ausgeführt…</translation>
    </message>
    <message numerus="yes">
        <source>%n due key action(s) carried out</source>
        <translation>
            <numerusform>%n fällige Schlüsselaktion ausgeführt</numerusform>
            <numerusform>%n fällige Schlüsselaktionen ausgeführt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due key action(s) failed</source>
        <translation>
            <numerusform>%n fällige Schlüsselaktion fehlgeschlagen</numerusform>
            <numerusform>%n fällige Schlüsselaktionen fehlgeschlagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::EffectiveAccessView</name>
    <message>
        <source>By &amp;principal</source>
        <translation>Nach &amp;Prinzipal</translation>
    </message>
    <message>
        <source>What an operator or a group can do where</source>
        <translation>Was ein Operator oder eine Gruppe wo darf</translation>
    </message>
    <message>
        <source>By &amp;resource</source>
        <translation>Nach &amp;Ressource</translation>
    </message>
    <message>
        <source>Who holds a permission on a vault or a key, and through which assignment</source>
        <translation>Wer eine Berechtigung auf einem Tresor oder Schlüssel hat, und über welche Zuweisung</translation>
    </message>
    <message>
        <source>Operator or &amp;group:</source>
        <translation>Operator oder &amp;Gruppe:</translation>
    </message>
    <message>
        <source>/vaults/V/keys/K, /vaults/V or /</source>
        <translation>/vaults/V/keys/K, /vaults/V oder /</translation>
    </message>
    <message>
        <source>&amp;Show holders</source>
        <translation>Inhaber &amp;anzeigen</translation>
    </message>
    <message>
        <source>Reso&amp;urce:</source>
        <translation>Ress&amp;ource:</translation>
    </message>
    <message>
        <source>P&amp;ermission:</source>
        <translation>&amp;Berechtigung:</translation>
    </message>
    <message>
        <source>Nobody holds %1 at %2.</source>
        <translation>Niemand hat %1 auf %2.</translation>
    </message>
    <message>
        <source>Invalid resource &apos;%1&apos;: expected /, /vaults/V, /vaults/V/keys/K or /vaults/V/certificates/C.</source>
        <translation>Ungültige Ressource „%1“: erwartet /, /vaults/V, /vaults/V/keys/K oder /vaults/V/certificates/C.</translation>
    </message>
    <message>
        <source>(choose an operator or a group)</source>
        <translation>(Operator oder Gruppe wählen)</translation>
    </message>
    <message>
        <source>%1 (group)</source>
        <translation>%1 (Gruppe)</translation>
    </message>
    <message>
        <source>Operator group %1</source>
        <translation>Operatorgruppe %1</translation>
    </message>
    <message>
        <source>Effective access</source>
        <translation>Effektiver Zugriff</translation>
    </message>
    <message>
        <source>What the chosen principal may do, by scope, and through which assignment</source>
        <translation>Was der gewählte Prinzipal je Bereich darf und durch welche Zuweisung</translation>
    </message>
    <message>
        <source>Permission holders</source>
        <translation>Inhaber der Berechtigung</translation>
    </message>
    <message>
        <source>Who holds the chosen permission at the chosen scope, and through which assignment</source>
        <translation>Wer die gewählte Berechtigung im gewählten Bereich hat und durch welche Zuweisung</translation>
    </message>
</context>
<context>
    <name>custos::ui::ExpiryOverviewDialog</name>
    <message>
        <source>Expiry Overview</source>
        <translation>Ablaufübersicht</translation>
    </message>
    <message>
        <source>Filter by vault or name</source>
        <translation>Nach Tresor oder Name filtern</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>&amp;Export Reminders…</source>
        <translation>Erinnerungen &amp;exportieren…</translation>
    </message>
    <message>
        <source>Save the shown items as calendar reminders (iCalendar .ics)</source>
        <translation>Die angezeigten Einträge als Kalendererinnerungen speichern (iCalendar .ics)</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) expired or due within 30 days</source>
        <translation>
            <numerusform>%n Eintrag abgelaufen oder innerhalb von 30 Tagen fällig</numerusform>
            <numerusform>%n Einträge abgelaufen oder innerhalb von 30 Tagen fällig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) in all</source>
        <translation>
            <numerusform>%n Eintrag insgesamt</numerusform>
            <numerusform>%n Einträge insgesamt</numerusform>
        </translation>
    </message>
    <message>
        <source>Expires: %1/%2</source>
        <translation>Läuft ab: %1/%2</translation>
    </message>
    <message>
        <source>%1 %2/%3 expires on %4</source>
        <translation>%1 %2/%3 läuft am %4 ab</translation>
    </message>
    <message>
        <source>cannot write the reminders to %1: %2</source>
        <translation>Die Erinnerungen können nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export Reminders</source>
        <translation>Erinnerungen exportieren</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation>iCalendar-Dateien (*.ics)</translation>
    </message>
    <message>
        <source>Reminders saved to %1.</source>
        <translation>Erinnerungen in %1 gespeichert.</translation>
    </message>
    <message>
        <source>Expiry overview</source>
        <translation>Ablaufübersicht</translation>
    </message>
    <message>
        <source>Certificates, keys and CRLs of every vault you may read, by days left; Enter opens the selected one</source>
        <translation>Zertifikate, Schlüssel und CRLs aller lesbaren Tresore nach verbleibenden Tagen; die Eingabetaste öffnet den ausgewählten Eintrag</translation>
    </message>
    <message>
        <source>Filter the expiry overview</source>
        <translation>Ablaufübersicht filtern</translation>
    </message>
</context>
<context>
    <name>custos::ui::ExpiryTimeline</name>
    <message>
        <source>Expiry timeline of the next 90 days</source>
        <translation>Ablauf-Zeitleiste der nächsten 90 Tage</translation>
    </message>
    <message>
        <source>today</source>
        <translation>heute</translation>
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
    <message>
        <source>Attach to an e&amp;xisting token</source>
        <translation>&amp;Vorhandenes Token verwenden</translation>
    </message>
    <message>
        <source>Keep the keys on a PKCS#11 token you already have (an HSM, a smart card) instead of a new SoftHSM2 token inside the workspace</source>
        <translation>Die Schlüssel auf einem vorhandenen PKCS#11-Token (einem HSM, einer Chipkarte) statt auf einem neuen SoftHSM2-Token im Arbeitsbereich halten</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <source>Custos keeps the SO PIN inside the token to create its domain key; it is never written anywhere else</source>
        <translation>Custos bewahrt die SO-PIN im Token auf, um dessen Domänenschlüssel zu erzeugen; sie wird nirgendwo sonst gespeichert</translation>
    </message>
    <message>
        <source>PKCS#11 &amp;module:</source>
        <translation>PKCS#11-&amp;Modul:</translation>
    </message>
    <message>
        <source>Token &amp;label:</source>
        <translation>Token-&amp;Label:</translation>
    </message>
    <message>
        <source>&amp;User PIN:</source>
        <translation>Ben&amp;utzer-PIN:</translation>
    </message>
    <message>
        <source>&amp;SO PIN:</source>
        <translation>S&amp;O-PIN:</translation>
    </message>
    <message>
        <source>PKCS#11 Module</source>
        <translation>PKCS#11-Modul</translation>
    </message>
    <message>
        <source>PKCS#11 modules (*.so *.so.*);;All files (*)</source>
        <translation>PKCS#11-Module (*.so *.so.*);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Enter the path of the token&apos;s PKCS#11 module.</source>
        <translation>Geben Sie den Pfad des PKCS#11-Moduls des Tokens ein.</translation>
    </message>
    <message>
        <source>There is no PKCS#11 module at %1.</source>
        <translation>Unter %1 gibt es kein PKCS#11-Modul.</translation>
    </message>
    <message>
        <source>Enter the label of the token to attach to.</source>
        <translation>Geben Sie das Label des zu verwendenden Tokens ein.</translation>
    </message>
    <message>
        <source>Enter the token&apos;s user PIN and SO PIN.</source>
        <translation>Geben Sie die Benutzer-PIN und die SO-PIN des Tokens ein.</translation>
    </message>
</context>
<context>
    <name>custos::ui::GlobalSearchPopup</name>
    <message>
        <source>Find Anything</source>
        <translation>Alles finden</translation>
    </message>
    <message>
        <source>Find anything</source>
        <translation>Alles finden</translation>
    </message>
    <message>
        <source>Search vaults, keys, certificates, operators and roles, and jump to one</source>
        <translation>Tresore, Schlüssel, Zertifikate, Operatoren und Rollen suchen und zu einem springen</translation>
    </message>
    <message>
        <source>Name, tag, subject, SAN, fingerprint or serial…</source>
        <translation>Name, Tag, Antragsteller, SAN, Fingerabdruck oder Seriennummer…</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>Suchtext</translation>
    </message>
    <message>
        <source>Type to search; Up and Down choose a result, Enter opens it, Escape closes</source>
        <translation>Tippen zum Suchen; Auf und Ab wählen ein Ergebnis, Eingabe öffnet es, Escape schließt</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Vaults, keys, certificates, operators and roles that match</source>
        <translation>Passende Tresore, Schlüssel, Zertifikate, Operatoren und Rollen</translation>
    </message>
    <message>
        <source>Type to search.</source>
        <translation>Zum Suchen tippen.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Nothing you may see matches “%1”.</source>
        <translation>Nichts, was Sie sehen dürfen, passt zu „%1“.</translation>
    </message>
    <message>
        <source>The first %1 matches; type more to narrow them down.</source>
        <translation>Die ersten %1 Treffer; tippen Sie weiter, um sie einzugrenzen.</translation>
    </message>
    <message>
        <source>Matches: %1. Enter opens the selected one.</source>
        <translation>Treffer: %1. Eingabe öffnet den ausgewählten.</translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportBulkPage</name>
    <message>
        <source>Bulk Import</source>
        <translation>Massenimport</translation>
    </message>
    <message>
        <source>Each item becomes one key. An item that fails is reported in its row; the others stand.</source>
        <translation>Jeder Eintrag wird ein Schlüssel. Ein fehlgeschlagener Eintrag wird in seiner Zeile gemeldet; die anderen bleiben bestehen.</translation>
    </message>
    <message>
        <source>&amp;Vault:</source>
        <translation>&amp;Tresor:</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) to import. Edit a name with F2.</source>
        <translation>
            <numerusform>%n Eintrag zu importieren. Namen mit F2 bearbeiten.</numerusform>
            <numerusform>%n Einträge zu importieren. Namen mit F2 bearbeiten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keys to import</source>
        <translation>Zu importierende Schlüssel</translation>
    </message>
    <message>
        <source>Each key found, its name in the vault and whether it is imported</source>
        <translation>Jeder gefundene Schlüssel, sein Name im Tresor und ob er importiert wird</translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportCommitPage</name>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importiere…</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>Imported as version %1 of key &apos;%2&apos; in vault &apos;%3&apos;.</source>
        <translation>Als Version %1 des Schlüssels „%2“ im Tresor „%3“ importiert.</translation>
    </message>
    <message>
        <source>Imported as key &apos;%1&apos; in vault &apos;%2&apos;.</source>
        <translation>Als Schlüssel „%1“ im Tresor „%2“ importiert.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation>SHA-256-Fingerabdruck: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Importing %1 of %2…</source>
        <translation>Importiere %1 von %2…</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <source>imported (SHA-256 %1…)</source>
        <translation>importiert (SHA-256 %1…)</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) imported</source>
        <translation>
            <numerusform>%n Schlüssel importiert</numerusform>
            <numerusform>%n Schlüssel importiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) failed</source>
        <translation>
            <numerusform>%n Eintrag fehlgeschlagen</numerusform>
            <numerusform>%n Einträge fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>The failed items are named in their rows; the others were imported.</source>
        <translation>Die fehlgeschlagenen Einträge sind in ihren Zeilen genannt; die anderen wurden importiert.</translation>
    </message>
    <message>
        <source>Import results</source>
        <translation>Importergebnisse</translation>
    </message>
    <message>
        <source>Each key of the import and whether it was imported</source>
        <translation>Jeder Schlüssel des Imports und ob er importiert wurde</translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportDestinationPage</name>
    <message>
        <source>Destination and Policy</source>
        <translation>Ziel und Richtlinie</translation>
    </message>
    <message>
        <source>Where the key goes and what it may do.</source>
        <translation>Wohin der Schlüssel kommt und was er tun darf.</translation>
    </message>
    <message>
        <source>E&amp;xportable private key (cannot be changed later)</source>
        <translation>E&amp;xportierbarer privater Schlüssel (später nicht änderbar)</translation>
    </message>
    <message>
        <source>Permitted operations</source>
        <translation>Erlaubte Operationen</translation>
    </message>
    <message>
        <source>Ex&amp;pires</source>
        <translation>Ver&amp;fällt</translation>
    </message>
    <message>
        <source>optional: owner=payments; env=prod</source>
        <translation>optional: owner=payments; env=prod</translation>
    </message>
    <message>
        <source>A certificate came with the key. Only the key is imported here: import the certificate with Certificates → Import.</source>
        <translation>Mit dem Schlüssel kam ein Zertifikat. Hier wird nur der Schlüssel importiert: Importieren Sie das Zertifikat mit Zertifikate → Importieren.</translation>
    </message>
    <message>
        <source>&amp;Vault:</source>
        <translation>&amp;Tresor:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>P&amp;rotection:</source>
        <translation>Schut&amp;z:</translation>
    </message>
    <message>
        <source>&amp;Key exchange key:</source>
        <translation>Schlüssel&amp;austauschschlüssel:</translation>
    </message>
    <message>
        <source>Activation:</source>
        <translation>Aktivierung:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Ablauf:</translation>
    </message>
    <message>
        <source>T&amp;ags:</source>
        <translation>T&amp;ags:</translation>
    </message>
    <message>
        <source>A BYOK key is unwrapped inside the token: always HSM-protected.</source>
        <translation>Ein BYOK-Schlüssel wird im Token ausgepackt: immer HSM-geschützt.</translation>
    </message>
    <message>
        <source>Choose a vault.</source>
        <translation>Wählen Sie einen Tresor.</translation>
    </message>
    <message>
        <source>Enter a key name.</source>
        <translation>Geben Sie einen Schlüsselnamen ein.</translation>
    </message>
    <message>
        <source>Key names have %1.</source>
        <translation>Schlüsselnamen bestehen aus %1.</translation>
    </message>
    <message>
        <source>1-127 characters: letters, digits and dashes</source>
        <translation>1–127 Zeichen: Buchstaben, Ziffern und Bindestriche</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; has a key named &apos;%2&apos; already: choose another name.</source>
        <translation>Der Tresor „%1“ hat bereits einen Schlüssel namens „%2“: Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; has no key exchange key (an RSA HSM key with the operation import only).</source>
        <translation>Der Tresor „%1“ hat keinen Schlüsselaustauschschlüssel (einen RSA-HSM-Schlüssel, der nur die Operation import hat).</translation>
    </message>
    <message>
        <source>Choose at least one operation the key may do.</source>
        <translation>Wählen Sie mindestens eine Operation, die der Schlüssel ausführen darf.</translation>
    </message>
    <message>
        <source>The expiry must be in the future.</source>
        <translation>Der Ablauf muss in der Zukunft liegen.</translation>
    </message>
    <message>
        <source>The expiry must be after the activation.</source>
        <translation>Der Ablauf muss nach der Aktivierung liegen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is this same key: the next page offers to add a new version to it.</source>
        <translation>„%1“ ist derselbe Schlüssel: Die nächste Seite bietet an, ihm eine neue Version hinzuzufügen.</translation>
    </message>
    <message>
        <source>Checking the name…</source>
        <translation>Prüfe den Namen…</translation>
    </message>
    <message>
        <source>Active &amp;from</source>
        <translation>Akt&amp;iv ab</translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportDuplicatesPage</name>
    <message>
        <source>Already Imported</source>
        <translation>Bereits importiert</translation>
    </message>
    <message>
        <source>The same public key is in a vault already.</source>
        <translation>Derselbe öffentliche Schlüssel liegt bereits in einem Tresor.</translation>
    </message>
    <message>
        <source>Add it as a new &amp;version of</source>
        <translation>Als neue &amp;Version hinzufügen zu</translation>
    </message>
    <message>
        <source>Existing key</source>
        <translation>Vorhandener Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Stop: import nothing</source>
        <translation>&amp;Abbrechen: nichts importieren</translation>
    </message>
    <message>
        <source>vault &apos;%1&apos;, key &apos;%2&apos;, version %3%4</source>
        <translation>Tresor „%1“, Schlüssel „%2“, Version %3%4</translation>
    </message>
    <message>
        <source> (deleted)</source>
        <translation> (gelöscht)</translation>
    </message>
    <message>
        <source>This public key is already in:
%1</source>
        <translation>Dieser öffentliche Schlüssel liegt bereits in:
%1</translation>
    </message>
    <message>
        <source>Import it as a new key named &apos;%1&apos; in &apos;%2&apos;</source>
        <translation>Als neuen Schlüssel „%1“ in „%2“ importieren</translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportPasswordPage</name>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Password of the key file</source>
        <translation>Passwort der Schlüsseldatei</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>%1 is encrypted. Enter its password; it is used to read the key and wiped afterwards.</source>
        <translation>%1 ist verschlüsselt. Geben Sie das Passwort ein; es dient nur zum Lesen des Schlüssels und wird danach gelöscht.</translation>
    </message>
    <message>
        <source>Reading the key with this password…</source>
        <translation>Lese den Schlüssel mit diesem Passwort…</translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportPreviewPage</name>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>What the source holds. Nothing is imported yet.</source>
        <translation>Was die Quelle enthält. Noch wird nichts importiert.</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Lese…</translation>
    </message>
    <message>
        <source>Keys in the source</source>
        <translation>Schlüssel in der Quelle</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Source:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Format:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Quelle:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Format:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>Verschlüsselung:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>BYOK key exchange key (kid):</source>
        <translation>BYOK-Schlüsselaustauschschlüssel (kid):</translation>
    </message>
    <message>
        <source>Generator:</source>
        <translation>Erzeuger:</translation>
    </message>
    <message>
        <source>The key is unwrapped inside the token; its type is known once it is imported.</source>
        <translation>Der Schlüssel wird im Token ausgepackt; sein Typ ist erst nach dem Import bekannt.</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) found.</source>
        <translation>
            <numerusform>%n Schlüssel gefunden.</numerusform>
            <numerusform>%n Schlüssel gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pick the one to import.</source>
        <translation>Wählen Sie den zu importierenden.</translation>
    </message>
    <message>
        <source>Cannot be imported: %1</source>
        <translation>Nicht importierbar: %1</translation>
    </message>
    <message>
        <source>This public key is in a vault already; you can add it as a new version there.</source>
        <translation>Dieser öffentliche Schlüssel liegt bereits in einem Tresor; Sie können ihn dort als neue Version hinzufügen.</translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Überprüfen</translation>
    </message>
    <message>
        <source>Import commits the key; the import is audited.</source>
        <translation>Importieren schreibt den Schlüssel; der Import wird protokolliert.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format: %1</translation>
    </message>
    <message>
        <source>Key: %1 (%2)</source>
        <translation>Schlüssel: %1 (%2)</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation>SHA-256-Fingerabdruck: %1</translation>
    </message>
    <message>
        <source>Destination: a new version of key &apos;%1&apos; in vault &apos;%2&apos;</source>
        <translation>Ziel: eine neue Version des Schlüssels „%1“ im Tresor „%2“</translation>
    </message>
    <message>
        <source>Destination: new key &apos;%1&apos; in vault &apos;%2&apos;</source>
        <translation>Ziel: neuer Schlüssel „%1“ im Tresor „%2“</translation>
    </message>
    <message>
        <source>Key exchange key: %1</source>
        <translation>Schlüsselaustauschschlüssel: %1</translation>
    </message>
    <message>
        <source>Protection: %1</source>
        <translation>Schutz: %1</translation>
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
        <source>Exportable: %1</source>
        <translation>Exportierbar: %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Operations: %1</source>
        <translation>Operationen: %1</translation>
    </message>
    <message>
        <source>Active from: %1</source>
        <translation>Aktiv ab: %1</translation>
    </message>
    <message>
        <source>Expires: %1</source>
        <translation>Läuft ab: %1</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Tags: %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportSourcePage</name>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Where the key comes from. The format is found from the content, not the file name.</source>
        <translation>Woher der Schlüssel kommt. Das Format wird am Inhalt erkannt, nicht am Dateinamen.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Pasted text (PEM or JWK)</source>
        <translation>&amp;Eingefügter Text (PEM oder JWK)</translation>
    </message>
    <message>
        <source>An object on a PKCS#11 &amp;token</source>
        <translation>Ein Objekt auf einem PKCS#11-&amp;Token</translation>
    </message>
    <message>
        <source>Bulk: every file in a f&amp;older</source>
        <translation>Massenimport: jede Datei in einem &amp;Ordner</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>Schlüsseldatei</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>Aus&amp;wählen…</translation>
    </message>
    <message>
        <source>Import &amp;every key of the source (bulk)</source>
        <translation>&amp;Jeden Schlüssel der Quelle importieren (Massenimport)</translation>
    </message>
    <message>
        <source>Pasted key</source>
        <translation>Eingefügter Schlüssel</translation>
    </message>
    <message>
        <source>-----BEGIN PRIVATE KEY-----…</source>
        <translation>-----BEGIN PRIVATE KEY-----…</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Choo&amp;se…</source>
        <translation>Aus&amp;suchen…</translation>
    </message>
    <message>
        <source>Choose Key File</source>
        <translation>Schlüsseldatei wählen</translation>
    </message>
    <message>
        <source>Key files (*.pem *.key *.der *.p8 *.pk8 *.p12 *.pfx *.jwk *.json *.byok *.cer *.crt)</source>
        <translation>Schlüsseldateien (*.pem *.key *.der *.p8 *.pk8 *.p12 *.pfx *.jwk *.json *.byok *.cer *.crt)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose Folder of Key Files</source>
        <translation>Ordner mit Schlüsseldateien wählen</translation>
    </message>
    <message>
        <source>Folder &apos;%1&apos; does not exist.</source>
        <translation>Der Ordner „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>Folder &apos;%1&apos; holds no files: expected key files.</source>
        <translation>Der Ordner „%1“ enthält keine Dateien: Schlüsseldateien erwartet.</translation>
    </message>
    <message>
        <source>pasted text</source>
        <translation>eingefügter Text</translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueCertificateWizard</name>
    <message>
        <source>Issue Certificate in &apos;%1&apos;</source>
        <translation>Zertifikat in „%1“ ausstellen</translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueKeyPage</name>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>The certificate&apos;s key pair: a new key in vault &apos;%1&apos; with the certificate&apos;s name.</source>
        <translation>Das Schlüsselpaar des Zertifikats: ein neuer Schlüssel im Tresor „%1“ mit dem Namen des Zertifikats.</translation>
    </message>
    <message>
        <source>EC</source>
        <translation>EC</translation>
    </message>
    <message>
        <source>RSA</source>
        <translation>RSA</translation>
    </message>
    <message>
        <source>E&amp;xportable private key (cannot be changed later)</source>
        <translation>E&amp;xportierbarer privater Schlüssel (später nicht änderbar)</translation>
    </message>
    <message>
        <source>&amp;Reuse the key on renewal</source>
        <translation>Schlüssel bei Erneuerung wieder&amp;verwenden</translation>
    </message>
    <message>
        <source>Key &amp;type:</source>
        <translation>Schlüssel&amp;typ:</translation>
    </message>
    <message>
        <source>Cur&amp;ve:</source>
        <translation>&amp;Kurve:</translation>
    </message>
    <message>
        <source>&amp;Protection:</source>
        <translation>&amp;Schutz:</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 Bit</translation>
    </message>
    <message>
        <source>Certificates from an external CA are renewed with a new CSR and a new key.</source>
        <translation>Zertifikate einer externen CA werden mit einem neuen CSR und einem neuen Schlüssel erneuert.</translation>
    </message>
    <message>
        <source>Generating an RSA-4096 key can take several seconds.</source>
        <translation>Das Erzeugen eines RSA-4096-Schlüssels kann einige Sekunden dauern.</translation>
    </message>
    <message>
        <source>HSM-protected keys never leave the token: they cannot be exported.</source>
        <translation>HSM-geschützte Schlüssel verlassen das Token nie: Sie können nicht exportiert werden.</translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueProfilePage</name>
    <message>
        <source>Certificate names have 1-127 characters: letters, digits and dashes.</source>
        <translation>Zertifikatsnamen haben 1–127 Zeichen: Buchstaben, Ziffern und Bindestriche.</translation>
    </message>
    <message>
        <source>Profile and issuer</source>
        <translation>Profil und Aussteller</translation>
    </message>
    <message>
        <source>What the certificate is for, who signs it, and its name in the vault.</source>
        <translation>Wofür das Zertifikat dient, wer es signiert und sein Name im Tresor.</translation>
    </message>
    <message>
        <source>Custom usages</source>
        <translation>Eigene Verwendungen</translation>
    </message>
    <message>
        <source>Key usages</source>
        <translation>Schlüsselverwendungen</translation>
    </message>
    <message>
        <source>Extended key usages</source>
        <translation>Erweiterte Schlüsselverwendungen</translation>
    </message>
    <message>
        <source>Self-signed</source>
        <translation>Selbstsigniert</translation>
    </message>
    <message>
        <source>External CA (CSR)</source>
        <translation>Externe CA (CSR)</translation>
    </message>
    <message>
        <source>An external CA gets a certificate signing request (CSR) to sign; the signed certificate is merged later.</source>
        <translation>Eine externe CA erhält eine Zertifikatsignieranforderung (CSR) zum Signieren; das signierte Zertifikat wird später zusammengeführt.</translation>
    </message>
    <message>
        <source>e.g. web01</source>
        <translation>z. B. web01</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Profil:</translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation>Signiert durc&amp;h:</translation>
    </message>
    <message>
        <source>Certificate na&amp;me:</source>
        <translation>Na&amp;me des Zertifikats:</translation>
    </message>
    <message>
        <source>Choose the key usages and extended key usages below.</source>
        <translation>Wählen Sie unten die Schlüsselverwendungen und erweiterten Schlüsselverwendungen.</translation>
    </message>
    <message>
        <source>Key usages: %1. Extended key usages: %2.</source>
        <translation>Schlüsselverwendungen: %1. Erweiterte Schlüsselverwendungen: %2.</translation>
    </message>
    <message>
        <source>RSA keys also get keyEncipherment.</source>
        <translation>RSA-Schlüssel erhalten zusätzlich keyEncipherment.</translation>
    </message>
    <message>
        <source>The custom profile needs at least one key usage or extended key usage.</source>
        <translation>Das eigene Profil braucht mindestens eine Schlüsselverwendung oder erweiterte Schlüsselverwendung.</translation>
    </message>
    <message>
        <source>A certificate signing request is created: have the external CA sign it, then merge the signed certificate.</source>
        <translation>Es wird eine Zertifikatsignieranforderung erstellt: Lassen Sie sie von der externen CA signieren und führen Sie dann das signierte Zertifikat zusammen.</translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Überprüfen</translation>
    </message>
    <message>
        <source>Check what will be asked for. Nothing is created before you confirm.</source>
        <translation>Prüfen Sie, was beantragt wird. Vor Ihrer Bestätigung wird nichts erstellt.</translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation>Zu&amp;sammenfassung:</translation>
    </message>
    <message>
        <source>&amp;Create CSR</source>
        <translation>&amp;CSR erstellen</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>&amp;Ausstellen</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <source>an external CA: a certificate signing request (CSR) is created to be signed there</source>
        <translation>eine externe CA: Es wird eine Zertifikatsignieranforderung (CSR) erstellt, die dort signiert wird</translation>
    </message>
    <message>
        <source>self-signed</source>
        <translation>selbstsigniert</translation>
    </message>
    <message>
        <source>%1 (a Custos CA)</source>
        <translation>%1 (eine Custos-CA)</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Antragsteller</translation>
    </message>
    <message>
        <source>Alternative names</source>
        <translation>Alternative Namen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Key usages</source>
        <translation>Schlüsselverwendungen</translation>
    </message>
    <message>
        <source>Extended key usages</source>
        <translation>Erweiterte Schlüsselverwendungen</translation>
    </message>
    <message>
        <source>EC %1</source>
        <translation>EC %1</translation>
    </message>
    <message>
        <source>RSA %1 bits</source>
        <translation>RSA %1 Bit</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>HSM-protected</source>
        <translation>HSM-geschützt</translation>
    </message>
    <message>
        <source>software-protected</source>
        <translation>softwaregeschützt</translation>
    </message>
    <message>
        <source>exportable</source>
        <translation>exportierbar</translation>
    </message>
    <message>
        <source>not exportable</source>
        <translation>nicht exportierbar</translation>
    </message>
    <message>
        <source>reused on renewal</source>
        <translation>bei Erneuerung wiederverwendet</translation>
    </message>
    <message>
        <source>a new key on each renewal</source>
        <translation>bei jeder Erneuerung ein neuer Schlüssel</translation>
    </message>
    <message>
        <source>Validity</source>
        <translation>Gültigkeit</translation>
    </message>
    <message numerus="yes">
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n Monat</numerusform>
            <numerusform>%n Monate</numerusform>
        </translation>
    </message>
    <message>
        <source>renew at %1% of the lifetime</source>
        <translation>erneuern bei %1 % der Laufzeit</translation>
    </message>
    <message numerus="yes">
        <source>renew %n day(s) before expiry</source>
        <translation>
            <numerusform>erneuern %n Tag vor Ablauf</numerusform>
            <numerusform>erneuern %n Tage vor Ablauf</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>notify %1 %n day(s) before expiry</source>
        <translation>
            <numerusform>%1 %n Tag vor Ablauf benachrichtigen</numerusform>
            <numerusform>%1 %n Tage vor Ablauf benachrichtigen</numerusform>
        </translation>
    </message>
    <message>
        <source>Lifetime actions</source>
        <translation>Lebensdauer-Aktionen</translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueSubjectPage</name>
    <message>
        <source>Subject and alternative names</source>
        <translation>Antragsteller und alternative Namen</translation>
    </message>
    <message>
        <source>Who the certificate names. TLS clients check host names against the alternative names.</source>
        <translation>Wen das Zertifikat benennt. TLS-Clients prüfen Hostnamen gegen die alternativen Namen.</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>&amp;Antragsteller:</translation>
    </message>
    <message>
        <source>&amp;Alternative names:</source>
        <translation>Alternati&amp;ve Namen:</translation>
    </message>
    <message>
        <source>Type the subject as attribute=value pairs, e.g. CN=web01.example.test, O=Example Ltd, C=DE.</source>
        <translation>Geben Sie den Antragsteller als Attribut=Wert-Paare ein, z. B. CN=web01.example.test, O=Example Ltd, C=DE.</translation>
    </message>
    <message>
        <source>&amp;Use the CN as DNS name &apos;%1&apos;</source>
        <translation>&amp;CN als DNS-Namen „%1“ übernehmen</translation>
    </message>
    <message>
        <source>A TLS server certificate needs a dns: or ip: alternative name: clients match the host name against these names only.</source>
        <translation>Ein TLS-Serverzertifikat braucht einen alternativen Namen dns: oder ip:: Clients prüfen den Hostnamen nur gegen diese Namen.</translation>
    </message>
    <message>
        <source>Add rows such as dns:web01.example.test, ip:192.0.2.1, email:ops@example.test or uri:https://example.test/.</source>
        <translation>Fügen Sie Zeilen wie dns:web01.example.test, ip:192.0.2.1, email:ops@example.test oder uri:https://example.test/ hinzu.</translation>
    </message>
    <message>
        <source>&amp;Use the CN as a DNS name</source>
        <translation>&amp;CN als DNS-Namen übernehmen</translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueValidityPage</name>
    <message>
        <source>Validity and lifetime actions</source>
        <translation>Gültigkeit und Lebensdauer-Aktionen</translation>
    </message>
    <message>
        <source>How long the certificate is valid, and what happens before it expires.</source>
        <translation>Wie lange das Zertifikat gültig ist und was vor seinem Ablauf geschieht.</translation>
    </message>
    <message>
        <source> months</source>
        <translation> Monate</translation>
    </message>
    <message>
        <source>Lifetime actions</source>
        <translation>Lebensdauer-Aktionen</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>At a percentage of the lifetime</source>
        <translation>Bei einem Prozentsatz der Laufzeit</translation>
    </message>
    <message>
        <source>A number of days before expiry</source>
        <translation>Eine Anzahl Tage vor Ablauf</translation>
    </message>
    <message>
        <source>E&amp;mail contacts before expiry</source>
        <translation>Kontakte vor Ablauf per E-&amp;Mail benachrichtigen</translation>
    </message>
    <message>
        <source> days before expiry</source>
        <translation> Tage vor Ablauf</translation>
    </message>
    <message>
        <source>e.g. ops@example.test, pki@example.test</source>
        <translation>z. B. ops@example.test, pki@example.test</translation>
    </message>
    <message>
        <source>&amp;Renew automatically:</source>
        <translation>Automatisch &amp;erneuern:</translation>
    </message>
    <message>
        <source>Renew a&amp;t:</source>
        <translation>Erneuern be&amp;i:</translation>
    </message>
    <message>
        <source>Notify &amp;days before expiry:</source>
        <translation>&amp;Tage vor Ablauf benachrichtigen:</translation>
    </message>
    <message>
        <source>&amp;Contacts:</source>
        <translation>&amp;Kontakte:</translation>
    </message>
    <message>
        <source>&amp;Validity:</source>
        <translation>&amp;Gültigkeit:</translation>
    </message>
    <message>
        <source>Notifying needs at least one contact: type e-mail addresses separated by commas.</source>
        <translation>Für Benachrichtigungen ist mindestens ein Kontakt nötig: Geben Sie E-Mail-Adressen durch Kommas getrennt ein.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an e-mail address: expected local@domain, e.g. ops@example.test.</source>
        <translation>„%1“ ist keine E-Mail-Adresse: erwartet wird lokal@domain, z. B. ops@example.test.</translation>
    </message>
    <message>
        <source>% of the lifetime</source>
        <translation> % der Laufzeit</translation>
    </message>
    <message>
        <source>Lifetime actions need a Custos issuer: an external CA&apos;s certificate is renewed with a new CSR.</source>
        <translation>Lebensdauer-Aktionen brauchen einen Custos-Aussteller: Das Zertifikat einer externen CA wird mit einem neuen CSR erneuert.</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyActions</name>
    <message>
        <source>New &amp;Key…</source>
        <translation>Neuer &amp;Schlüssel…</translation>
    </message>
    <message>
        <source>Create a key in the selected vault</source>
        <translation>Einen Schlüssel im ausgewählten Tresor erstellen</translation>
    </message>
    <message>
        <source>R&amp;otate</source>
        <translation>&amp;Rotieren</translation>
    </message>
    <message>
        <source>Make a new current version of the selected key</source>
        <translation>Eine neue aktuelle Version des ausgewählten Schlüssels erzeugen</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>&amp;Aktivieren</translation>
    </message>
    <message>
        <source>Enable the current version of the selected key</source>
        <translation>Die aktuelle Version des ausgewählten Schlüssels aktivieren</translation>
    </message>
    <message>
        <source>Disable the current version of the selected key</source>
        <translation>Die aktuelle Version des ausgewählten Schlüssels deaktivieren</translation>
    </message>
    <message>
        <source>&amp;Delete Key…</source>
        <translation>Schlüssel &amp;löschen…</translation>
    </message>
    <message>
        <source>Soft-delete the selected key; it stays recoverable for the vault&apos;s retention</source>
        <translation>Ausgewählten Schlüssel vorläufig löschen; er bleibt während des Aufbewahrungszeitraums des Tresors wiederherstellbar</translation>
    </message>
    <message>
        <source>Re&amp;cover Key</source>
        <translation>Schlüssel &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>Recover the selected deleted key</source>
        <translation>Ausgewählten gelöschten Schlüssel wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Purge Key…</source>
        <translation>Schlüssel &amp;endgültig löschen…</translation>
    </message>
    <message>
        <source>Permanently destroy the selected deleted key</source>
        <translation>Ausgewählten gelöschten Schlüssel unwiderruflich vernichten</translation>
    </message>
    <message>
        <source>&amp;Try an Operation…</source>
        <translation>Operation aus&amp;probieren…</translation>
    </message>
    <message>
        <source>Sign, verify, encrypt or decrypt a file with the selected key</source>
        <translation>Eine Datei mit dem ausgewählten Schlüssel signieren, verifizieren, verschlüsseln oder entschlüsseln</translation>
    </message>
    <message>
        <source>Show De&amp;leted Keys</source>
        <translation>&amp;Gelöschte Schlüssel anzeigen</translation>
    </message>
    <message>
        <source>List the vault&apos;s deleted keys</source>
        <translation>Die gelöschten Schlüssel des Tresors auflisten</translation>
    </message>
    <message>
        <source>Purge protection holds until %1</source>
        <translation>Der Löschschutz gilt bis %1</translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation>Ihnen fehlt die Berechtigung %1 im Bereich %2</translation>
    </message>
    <message>
        <source>D&amp;ue Key Actions…</source>
        <translation>F&amp;ällige Schlüsselaktionen…</translation>
    </message>
    <message>
        <source>List the rotations and notifications the keys&apos; policies have made due</source>
        <translation>Die Rotationen und Erinnerungen auflisten, die nach den Richtlinien der Schlüssel fällig sind</translation>
    </message>
    <message>
        <source>&amp;Import Key…</source>
        <translation>Schlüssel &amp;importieren…</translation>
    </message>
    <message>
        <source>Import a key from a file, pasted text or a token into the selected vault</source>
        <translation>Einen Schlüssel aus einer Datei, eingefügtem Text oder einem Token in den ausgewählten Tresor importieren</translation>
    </message>
    <message>
        <source>Disa&amp;ble</source>
        <translation>Deakt&amp;ivieren</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyCreateDialog</name>
    <message>
        <source>&amp;Sign</source>
        <translation>&amp;Signieren</translation>
    </message>
    <message>
        <source>Ver&amp;ify</source>
        <translation>&amp;Verifizieren</translation>
    </message>
    <message>
        <source>&amp;Encrypt</source>
        <translation>V&amp;erschlüsseln</translation>
    </message>
    <message>
        <source>&amp;Decrypt</source>
        <translation>Entsc&amp;hlüsseln</translation>
    </message>
    <message>
        <source>&amp;Wrap key</source>
        <translation>Schlüssel ein&amp;packen</translation>
    </message>
    <message>
        <source>&amp;Unwrap key</source>
        <translation>Schlüssel a&amp;uspacken</translation>
    </message>
    <message>
        <source>New Key in &apos;%1&apos;</source>
        <translation>Neuer Schlüssel in „%1“</translation>
    </message>
    <message>
        <source>e.g. signing-1</source>
        <translation>z. B. signing-1</translation>
    </message>
    <message>
        <source>RSA</source>
        <translation>RSA</translation>
    </message>
    <message>
        <source>EC</source>
        <translation>EC</translation>
    </message>
    <message>
        <source>AES (oct)</source>
        <translation>AES (oct)</translation>
    </message>
    <message>
        <source>Permitted operations</source>
        <translation>Erlaubte Operationen</translation>
    </message>
    <message>
        <source>E&amp;xportable private key (cannot be changed later)</source>
        <translation>E&amp;xportierbarer privater Schlüssel (später nicht änderbar)</translation>
    </message>
    <message>
        <source>Ex&amp;pires</source>
        <translation>Ver&amp;fällt</translation>
    </message>
    <message>
        <source>optional: owner=payments; env=prod</source>
        <translation>optional: owner=payments; env=prod</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>P&amp;rotection:</source>
        <translation>Schut&amp;z:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Ablauf:</translation>
    </message>
    <message>
        <source>T&amp;ags:</source>
        <translation>T&amp;ags:</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>E&amp;rstellen</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 Bit</translation>
    </message>
    <message>
        <source>Cur&amp;ve:</source>
        <translation>&amp;Kurve:</translation>
    </message>
    <message>
        <source>Key names have %1.</source>
        <translation>Schlüsselnamen bestehen aus %1.</translation>
    </message>
    <message>
        <source>1-127 characters: letters, digits and dashes</source>
        <translation>1 bis 127 Zeichen: Buchstaben, Ziffern und Bindestrichen</translation>
    </message>
    <message>
        <source>Choose at least one operation the key may do.</source>
        <translation>Wählen Sie mindestens eine Operation, die der Schlüssel ausführen darf.</translation>
    </message>
    <message>
        <source>The expiry must be in the future.</source>
        <translation>Der Ablauf muss in der Zukunft liegen.</translation>
    </message>
    <message>
        <source>Generating an RSA-4096 key can take several seconds.</source>
        <translation>Das Erzeugen eines RSA-4096-Schlüssels kann einige Sekunden dauern.</translation>
    </message>
    <message>
        <source>Expiry date and time (UTC)</source>
        <translation>Ablaufdatum und -uhrzeit (UTC)</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyDetailPane</name>
    <message>
        <source>Select a key to see its details.</source>
        <translation>Wählen Sie einen Schlüssel aus, um seine Details anzuzeigen.</translation>
    </message>
    <message>
        <source>Identifier:</source>
        <translation>Kennung:</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Typ:</translation>
    </message>
    <message>
        <source>Size/curve:</source>
        <translation>Größe/Kurve:</translation>
    </message>
    <message>
        <source>Protection:</source>
        <translation>Schutz:</translation>
    </message>
    <message>
        <source>Exportable:</source>
        <translation>Exportierbar:</translation>
    </message>
    <message>
        <source>Operations:</source>
        <translation>Operationen:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Tags:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
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
        <source>Attri&amp;butes</source>
        <translation>&amp;Attribute</translation>
    </message>
    <message>
        <source>Versio&amp;ns</source>
        <translation>&amp;Versionen</translation>
    </message>
    <message>
        <source>Rotation &amp;Policy</source>
        <translation>Rotati&amp;onsrichtlinie</translation>
    </message>
    <message>
        <source>&amp;Try an Operation</source>
        <translation>Operation ausprobiere&amp;n</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; (deleted)</source>
        <translation>Schlüssel „%1“ (gelöscht)</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 Bit</translation>
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
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Deleted (recoverable)</source>
        <translation>Gelöscht (wiederherstellbar)</translation>
    </message>
    <message>
        <source>Enabled (version %1)</source>
        <translation>Aktiviert (Version %1)</translation>
    </message>
    <message>
        <source>Disabled (version %1)</source>
        <translation>Deaktiviert (Version %1)</translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation>Ihnen fehlt die Berechtigung %1 im Bereich %2</translation>
    </message>
    <message>
        <source>Copy Key Identifier</source>
        <translation>Schlüsselkennung kopieren</translation>
    </message>
    <message>
        <source>Key versions</source>
        <translation>Schlüsselversionen</translation>
    </message>
    <message>
        <source>Every version of the selected key, the current one first</source>
        <translation>Alle Versionen des ausgewählten Schlüssels, die aktuelle zuerst</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyImportBulkModel</name>
    <message>
        <source>&apos;%1&apos; is not a valid key name: expected %2</source>
        <translation>„%1“ ist kein gültiger Schlüsselname: erwartet %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is also the name of row %2</source>
        <translation>„%1“ ist auch der Name in Zeile %2</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>importing…</source>
        <translation>importiere…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Vault</source>
        <translation>Tresor</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>Schlüsselname</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyImportWizard</name>
    <message>
        <source>&amp;Sign</source>
        <translation>&amp;Signieren</translation>
    </message>
    <message>
        <source>Ver&amp;ify</source>
        <translation>&amp;Verifizieren</translation>
    </message>
    <message>
        <source>En&amp;crypt</source>
        <translation>Vers&amp;chlüsseln</translation>
    </message>
    <message>
        <source>&amp;Decrypt</source>
        <translation>Entsc&amp;hlüsseln</translation>
    </message>
    <message>
        <source>&amp;Wrap key</source>
        <translation>Schlüssel ein&amp;packen</translation>
    </message>
    <message>
        <source>&amp;Unwrap key</source>
        <translation>Schlüssel a&amp;uspacken</translation>
    </message>
    <message>
        <source>File &apos;%1&apos; does not exist.</source>
        <translation>Die Datei „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a regular file: expected a key file.</source>
        <translation>„%1“ ist keine reguläre Datei: Schlüsseldatei erwartet.</translation>
    </message>
    <message>
        <source>File &apos;%1&apos; has %2 bytes: expected a key file of at most 16 MiB.</source>
        <translation>Die Datei „%1“ hat %2 Bytes: Schlüsseldatei von höchstens 16 MiB erwartet.</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Typ:</translation>
    </message>
    <message>
        <source> (public key only: verify-only)</source>
        <translation> (nur öffentlicher Schlüssel: nur Verifizieren)</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256-Fingerabdruck:</translation>
    </message>
    <message>
        <source>Certificate subject:</source>
        <translation>Zertifikatsinhaber:</translation>
    </message>
    <message>
        <source>Issuer:</source>
        <translation>Aussteller:</translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation>Läuft ab:</translation>
    </message>
    <message>
        <source>Chain:</source>
        <translation>Kette:</translation>
    </message>
    <message>
        <source>Operations:</source>
        <translation>Operationen:</translation>
    </message>
    <message>
        <source>Already in:</source>
        <translation>Bereits in:</translation>
    </message>
    <message>
        <source>vault &apos;%1&apos;, key &apos;%2&apos;, version %3%4</source>
        <translation>Tresor „%1“, Schlüssel „%2“, Version %3%4</translation>
    </message>
    <message>
        <source> (deleted)</source>
        <translation> (gelöscht)</translation>
    </message>
    <message>
        <source>Import Key into &apos;%1&apos;</source>
        <translation>Schlüssel in „%1“ importieren</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyOperations</name>
    <message>
        <source>Delete Key</source>
        <translation>Schlüssel löschen</translation>
    </message>
    <message>
        <source>Delete key &apos;%1&apos; from vault &apos;%2&apos;?</source>
        <translation>Schlüssel „%1“ aus dem Tresor „%2“ löschen?</translation>
    </message>
    <message numerus="yes">
        <source>It can be recovered for %n day(s); after that it is purged with all its versions.</source>
        <translation>
            <numerusform>Er kann %n Tag lang wiederhergestellt werden; danach wird er mit allen Versionen endgültig gelöscht.</numerusform>
            <numerusform>Er kann %n Tage lang wiederhergestellt werden; danach wird er mit allen Versionen endgültig gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Purge Key</source>
        <translation>Schlüssel endgültig löschen</translation>
    </message>
    <message>
        <source>Purge key &apos;%1&apos; from vault &apos;%2&apos;? This cannot be undone.</source>
        <translation>Schlüssel „%1“ aus dem Tresor „%2“ endgültig löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>The key&apos;s token objects and all its versions are destroyed.</source>
        <translation>Die Token-Objekte des Schlüssels und alle seine Versionen werden vernichtet.</translation>
    </message>
    <message>
        <source>&amp;Purge</source>
        <translation>&amp;Endgültig löschen</translation>
    </message>
    <message>
        <source>Generating key &apos;%1&apos;…</source>
        <translation>Schlüssel „%1“ wird erzeugt…</translation>
    </message>
    <message>
        <source>Could not create key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“ konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; created</source>
        <translation>Schlüssel „%1“ erstellt</translation>
    </message>
    <message>
        <source>Rotating key &apos;%1&apos;…</source>
        <translation>Schlüssel „%1“ wird rotiert…</translation>
    </message>
    <message>
        <source>Could not rotate key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“ konnte nicht rotiert werden</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; rotated</source>
        <translation>Schlüssel „%1“ rotiert</translation>
    </message>
    <message>
        <source>Could not enable key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“ konnte nicht aktiviert werden</translation>
    </message>
    <message>
        <source>Could not disable key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“ konnte nicht deaktiviert werden</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; enabled</source>
        <translation>Schlüssel „%1“ aktiviert</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; disabled</source>
        <translation>Schlüssel „%1“ deaktiviert</translation>
    </message>
    <message>
        <source>Could not update key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“ konnte nicht aktualisiert werden</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; updated</source>
        <translation>Schlüssel „%1“ aktualisiert</translation>
    </message>
    <message>
        <source>Could not set the rotation policy of key &apos;%1&apos;</source>
        <translation>Die Rotationsrichtlinie des Schlüssels „%1“ konnte nicht gesetzt werden</translation>
    </message>
    <message>
        <source>Rotation policy of key &apos;%1&apos; saved</source>
        <translation>Rotationsrichtlinie des Schlüssels „%1“ gespeichert</translation>
    </message>
    <message>
        <source>Could not delete key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“ konnte nicht gelöscht werden</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; deleted</source>
        <translation>Schlüssel „%1“ gelöscht</translation>
    </message>
    <message>
        <source>Could not recover key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“ konnte nicht wiederhergestellt werden</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; recovered</source>
        <translation>Schlüssel „%1“ wiederhergestellt</translation>
    </message>
    <message>
        <source>Could not purge key &apos;%1&apos;</source>
        <translation>Schlüssel „%1“ konnte nicht endgültig gelöscht werden</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; purged</source>
        <translation>Schlüssel „%1“ endgültig gelöscht</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; imported</source>
        <translation>Schlüssel „%1“ importiert</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyPolicyEditor</name>
    <message>
        <source>none, or e.g. P1Y</source>
        <translation>keiner, oder z. B. P1Y</translation>
    </message>
    <message>
        <source>Each new version expires this long after it is created.</source>
        <translation>Jede neue Version verfällt so lange nach ihrer Erstellung.</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>After creation</source>
        <translation>Nach der Erstellung</translation>
    </message>
    <message>
        <source>Before expiry</source>
        <translation>Vor dem Ablauf</translation>
    </message>
    <message>
        <source>e.g. P90D</source>
        <translation>z. B. P90D</translation>
    </message>
    <message>
        <source>Notif&amp;y before expiry</source>
        <translation>Vor Ablauf &amp;erinnern</translation>
    </message>
    <message>
        <source>e.g. P30D</source>
        <translation>z. B. P30D</translation>
    </message>
    <message>
        <source>New versions e&amp;xpire after:</source>
        <translation>Neue Versionen verfallen na&amp;ch:</translation>
    </message>
    <message>
        <source>R&amp;otate automatically:</source>
        <translation>A&amp;utomatisch rotieren:</translation>
    </message>
    <message>
        <source>S&amp;ave Policy</source>
        <translation>Richtlinie s&amp;peichern</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>Zurüc&amp;ksetzen</translation>
    </message>
    <message>
        <source>The expiry must be %1.</source>
        <translation>Der Ablauf muss %1 sein.</translation>
    </message>
    <message>
        <source>The rotation time must be %1.</source>
        <translation>Der Rotationszeitpunkt muss %1 sein.</translation>
    </message>
    <message>
        <source>The notification time must be %1.</source>
        <translation>Der Erinnerungszeitpunkt muss %1 sein.</translation>
    </message>
    <message>
        <source>Actions before expiry apply only to versions that have an expiry.</source>
        <translation>Aktionen vor dem Ablauf gelten nur für Versionen mit Ablaufdatum.</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyboardShortcutsDialog</name>
    <message>
        <source>Main window</source>
        <translation>Hauptfenster</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Menus open with Alt and the underlined letter; in a menu, the underlined letter chooses an item. Tab moves between the vault tree, the tabs and the lists.</source>
        <translation>Menüs öffnen sich mit Alt und dem unterstrichenen Buchstaben; in einem Menü wählt der unterstrichene Buchstabe einen Eintrag. Tab wechselt zwischen Tresorbaum, Reitern und Listen.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Every action with a shortcut, grouped by menu or window</source>
        <translation>Jede Aktion mit Tastenkürzel, nach Menü oder Fenster gruppiert</translation>
    </message>
</context>
<context>
    <name>custos::ui::KeysView</name>
    <message>
        <source>Show de&amp;leted keys</source>
        <translation>Gelöschte Schlüssel &amp;zeigen</translation>
    </message>
    <message>
        <source>Size/Curve</source>
        <translation>Größe/Kurve</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Protection</source>
        <translation>Schutz</translation>
    </message>
    <message>
        <source>Select a vault to see its keys.</source>
        <translation>Wählen Sie einen Tresor aus, um seine Schlüssel anzuzeigen.</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is deleted: recover it to see its keys.</source>
        <translation>Der Tresor „%1“ ist gelöscht: Stellen Sie ihn wieder her, um seine Schlüssel zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>Deleted keys in vault &apos;%1&apos; (%n)</source>
        <translation>
            <numerusform>Gelöschte Schlüssel im Tresor „%1“ (%n)</numerusform>
            <numerusform>Gelöschte Schlüssel im Tresor „%1“ (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keys in vault &apos;%1&apos; (%n)</source>
        <translation>
            <numerusform>Schlüssel im Tresor „%1“ (%n)</numerusform>
            <numerusform>Schlüssel im Tresor „%1“ (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter by name (Ctrl+F)</source>
        <translation>Nach Name filtern (Strg+F)</translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>%n angezeigt</numerusform>
            <numerusform>%n angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>The keys of the selected vault; the context menu and the tool bar act on the selection</source>
        <translation>Die Schlüssel des ausgewählten Tresors; Kontextmenü und Werkzeugleiste wirken auf die Auswahl</translation>
    </message>
    <message>
        <source>Filter keys</source>
        <translation>Schlüssel filtern</translation>
    </message>
</context>
<context>
    <name>custos::ui::LockPanel</name>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Passphrase to unlock</source>
        <translation>Passphrase zum Entsperren</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>Log &amp;Out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Another operator: log this one out</source>
        <translation>Anderer Bediener: diesen abmelden</translation>
    </message>
    <message>
        <source>Custos is locked by %1</source>
        <translation>Custos ist von %1 gesperrt</translation>
    </message>
    <message>
        <source>Could not unlock: %1</source>
        <translation>Entsperren fehlgeschlagen: %1</translation>
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
    <message>
        <source>only with an enrolled card</source>
        <translation>nur mit registrierter Karte</translation>
    </message>
    <message>
        <source>&amp;Card PIN:</source>
        <translation>&amp;Karten-PIN:</translation>
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
    <message>
        <source>&amp;Keys</source>
        <translation>Sch&amp;lüssel</translation>
    </message>
    <message>
        <source>Vault Detail&amp;s</source>
        <translation>T&amp;resordetails</translation>
    </message>
    <message>
        <source>K&amp;eys</source>
        <translation>&amp;Schlüssel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Token…</source>
        <translation>&amp;Token…</translation>
    </message>
    <message>
        <source>&amp;Certificates</source>
        <translation>&amp;Zertifikate</translation>
    </message>
    <message>
        <source>Loc&amp;k</source>
        <translation>&amp;Sperren</translation>
    </message>
    <message>
        <source>Hide everything and forget unsealed keys until you enter your passphrase</source>
        <translation>Alles ausblenden und entsiegelte Schlüssel vergessen, bis Sie Ihre Passphrase eingeben</translation>
    </message>
    <message>
        <source>E&amp;xpiry Overview…</source>
        <translation>A&amp;blaufübersicht…</translation>
    </message>
    <message>
        <source>Certificates, keys and CRLs across all vaults by days left</source>
        <translation>Zertifikate, Schlüssel und CRLs aller Tresore nach verbleibenden Tagen</translation>
    </message>
    <message>
        <source>Certificates, keys and CRLs expired or due within 30 days (Ctrl+Shift+X)</source>
        <translation>Zertifikate, Schlüssel und CRLs, die abgelaufen oder innerhalb von 30 Tagen fällig sind (Strg+Umschalt+X)</translation>
    </message>
    <message>
        <source>Locking failed: %1</source>
        <translation>Sperren fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n expiring within 30 days</source>
        <translation>
            <numerusform>%n läuft innerhalb von 30 Tagen ab</numerusform>
            <numerusform>%n laufen innerhalb von 30 Tagen ab</numerusform>
        </translation>
    </message>
    <message>
        <source>Certifica&amp;tes</source>
        <translation>Zertifi&amp;kate</translation>
    </message>
    <message>
        <source>First login</source>
        <translation>Erste Anmeldung</translation>
    </message>
    <message>
        <source>Last login: %1</source>
        <translation>Letzte Anmeldung: %1</translation>
    </message>
    <message>
        <source>Last login: %1 from %2</source>
        <translation>Letzte Anmeldung: %1 von %2</translation>
    </message>
    <message>
        <source>&amp;Access</source>
        <translation>Z&amp;ugriff</translation>
    </message>
    <message>
        <source>Roles and &amp;access…</source>
        <translation>Rollen und &amp;Zugriff…</translation>
    </message>
    <message>
        <source>Roles, assignments, separation of duties, effective access, operators and groups</source>
        <translation>Rollen, Zuweisungen, Funktionstrennung, effektiver Zugriff, Operatoren und Gruppen</translation>
    </message>
    <message>
        <source>You lack the permissions %1 at /</source>
        <translation>Ihnen fehlen die Berechtigungen %1 im Bereich /</translation>
    </message>
    <message>
        <source>Audit &amp;Trail…</source>
        <translation>&amp;Prüfprotokoll…</translation>
    </message>
    <message>
        <source>Review, verify and export the audit trail</source>
        <translation>Das Prüfprotokoll durchsehen, prüfen und exportieren</translation>
    </message>
    <message>
        <source>You lack the permission audit/read at /</source>
        <translation>Ihnen fehlt die Berechtigung audit/read auf /</translation>
    </message>
    <message>
        <source>&lt;b&gt;This workspace is not activated.&lt;/b&gt; Keys cannot be created or imported until its security domain has been downloaded to custodians.</source>
        <translation>&lt;b&gt;Dieser Arbeitsbereich ist nicht aktiviert.&lt;/b&gt; Schlüssel können erst erstellt oder importiert werden, wenn seine Sicherheitsdomäne für Verwahrer heruntergeladen ist.</translation>
    </message>
    <message>
        <source>&amp;Activate…</source>
        <translation>&amp;Aktivieren…</translation>
    </message>
    <message>
        <source>Security &amp;Domain</source>
        <translation>Sicherheits&amp;domäne</translation>
    </message>
    <message>
        <source>&amp;Status…</source>
        <translation>&amp;Status…</translation>
    </message>
    <message>
        <source>Activation, the custodian set in force and the history of security-domain files</source>
        <translation>Aktivierung, die geltende Verwahrergruppe und der Verlauf der Sicherheitsdomänen-Dateien</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>Back up the domain key to a quorum of custodians</source>
        <translation>Den Domänenschlüssel für ein Quorum von Verwahrern sichern</translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation>&amp;Rotieren…</translation>
    </message>
    <message>
        <source>A new domain key for everything wrapped from now on, and a new file for it</source>
        <translation>Ein neuer Domänenschlüssel für alles, was ab jetzt verpackt wird, und eine neue Datei dafür</translation>
    </message>
    <message>
        <source>R&amp;estore…</source>
        <translation>Wi&amp;ederherstellen…</translation>
    </message>
    <message>
        <source>Restore a domain key into this new workspace from its security-domain file</source>
        <translation>Einen Domänenschlüssel aus seiner Sicherheitsdomänen-Datei in diesen neuen Arbeitsbereich wiederherstellen</translation>
    </message>
    <message>
        <source>Managed HSM Restore &amp;Blob…</source>
        <translation>Managed-HSM-Wiederherstellungs-&amp;Blob…</translation>
    </message>
    <message>
        <source>Azure Managed HSM&apos;s offline step: a restore blob from the file, the exchange key and custodians</source>
        <translation>Der Offline-Schritt von Azure Managed HSM: ein Wiederherstellungs-Blob aus Datei, Austauschschlüssel und Verwahrern</translation>
    </message>
    <message>
        <source>&amp;Verify a Share…</source>
        <translation>Anteil &amp;prüfen…</translation>
    </message>
    <message>
        <source>The custodians&apos; drill: does a key still open its share of a file?</source>
        <translation>Die Übung der Verwahrer: Öffnet ein Schlüssel seinen Anteil an einer Datei noch?</translation>
    </message>
    <message>
        <source>Domain key restored: restore the latest backup next</source>
        <translation>Domänenschlüssel wiederhergestellt: als Nächstes die neueste Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>You lack the permission securitydomain/upload/action at /</source>
        <translation>Ihnen fehlt die Berechtigung securitydomain/upload/action auf /</translation>
    </message>
    <message>
        <source>You lack the permission securitydomain/upload/read at /</source>
        <translation>Ihnen fehlt die Berechtigung securitydomain/upload/read auf /</translation>
    </message>
    <message>
        <source>You lack the permission securitydomain/download/action at /</source>
        <translation>Ihnen fehlt die Berechtigung securitydomain/download/action auf /</translation>
    </message>
    <message>
        <source>Download the security domain first</source>
        <translation>Laden Sie zuerst die Sicherheitsdomäne herunter</translation>
    </message>
    <message>
        <source>Domain key rotated; the new security-domain file is written</source>
        <translation>Domänenschlüssel rotiert; die neue Sicherheitsdomänen-Datei ist geschrieben</translation>
    </message>
    <message>
        <source>Security domain downloaded</source>
        <translation>Sicherheitsdomäne heruntergeladen</translation>
    </message>
    <message>
        <source>Not activated: activate through Security Domain &gt; Download… or the banner</source>
        <translation>Nicht aktiviert: Aktivieren Sie über Sicherheitsdomäne &gt; Herunterladen… oder den Hinweisbalken</translation>
    </message>
    <message>
        <source>Activated</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Not activated</source>
        <translation>Nicht aktiviert</translation>
    </message>
    <message>
        <source>The security domain is downloaded (Security Domain &gt; Status…)</source>
        <translation>Die Sicherheitsdomäne ist heruntergeladen (Sicherheitsdomäne &gt; Status…)</translation>
    </message>
    <message>
        <source>Active and deleted vaults; the selected vault&apos;s keys, certificates and details are shown beside</source>
        <translation>Aktive und gelöschte Tresore; Schlüssel, Zertifikate und Details des ausgewählten Tresors stehen daneben</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Auto-lock, clipboard, theme and language</source>
        <translation>Automatische Sperre, Zwischenablage, Design und Sprache</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Find Anything…</source>
        <translation>&amp;Alles finden…</translation>
    </message>
    <message>
        <source>Find vaults, keys, certificates, operators and roles by name, tag, subject, SAN, fingerprint or serial</source>
        <translation>Tresore, Schlüssel, Zertifikate, Operatoren und Rollen nach Name, Tag, Antragsteller, SAN, Fingerabdruck oder Seriennummer finden</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of the main window, its menus and its windows</source>
        <translation>Alle Tastenkürzel des Hauptfensters, seiner Menüs und Fenster</translation>
    </message>
    <message>
        <source>&amp;Self Test…</source>
        <translation>&amp;Selbsttest…</translation>
    </message>
    <message>
        <source>The start-up self tests of the cryptographic primitives and the process</source>
        <translation>Die Selbsttests der kryptografischen Primitive und des Prozesses beim Start</translation>
    </message>
    <message>
        <source>&amp;Ceremony Mode…</source>
        <translation>&amp;Zeremoniemodus…</translation>
    </message>
    <message>
        <source>Full screen, large type, no clipboard and only the ceremonies, after an air-gap check</source>
        <translation>Vollbild, große Schrift, keine Zwischenablage und nur die Zeremonien, nach einer Air-Gap-Prüfung</translation>
    </message>
</context>
<context>
    <name>custos::ui::NetworkInterfaces</name>
    <message>
        <source>Loopback</source>
        <translation>Loopback</translation>
    </message>
    <message>
        <source>Virtual</source>
        <translation>Virtuell</translation>
    </message>
    <message>
        <source>Ethernet</source>
        <translation>Ethernet</translation>
    </message>
    <message>
        <source>Wi-Fi</source>
        <translation>WLAN</translation>
    </message>
    <message>
        <source>Point-to-point</source>
        <translation>Punkt-zu-Punkt</translation>
    </message>
    <message>
        <source>CAN bus</source>
        <translation>CAN-Bus</translation>
    </message>
    <message>
        <source>IEEE 802.15.4</source>
        <translation>IEEE 802.15.4</translation>
    </message>
    <message>
        <source>WiMAX</source>
        <translation>WiMAX</translation>
    </message>
    <message>
        <source>FireWire</source>
        <translation>FireWire</translation>
    </message>
    <message>
        <source>Cellular (Phonet)</source>
        <translation>Mobilfunk (Phonet)</translation>
    </message>
    <message>
        <source>FDDI</source>
        <translation>FDDI</translation>
    </message>
    <message>
        <source>Unknown type</source>
        <translation>Unbekannter Typ</translation>
    </message>
    <message>
        <source>%1 (%2, no address)</source>
        <translation>%1 (%2, keine Adresse)</translation>
    </message>
    <message>
        <source>%1 (%2: %3)</source>
        <translation>%1 (%2: %3)</translation>
    </message>
</context>
<context>
    <name>custos::ui::NotificationCenter</name>
    <message numerus="yes">
        <source>%n notification(s)</source>
        <translation>
            <numerusform>%n Benachrichtigung</numerusform>
            <numerusform>%n Benachrichtigungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Keys to rotate, certificates to renew and expiring custodian certificates: click to see them</source>
        <translation>Zu rotierende Schlüssel, zu erneuernde Zertifikate und ablaufende Verwahrerzertifikate: zum Anzeigen klicken</translation>
    </message>
</context>
<context>
    <name>custos::ui::NotificationModel</name>
    <message>
        <source>Key %1: %2</source>
        <translation>Schlüssel %1: %2</translation>
    </message>
    <message>
        <source>Key %1 expires on %2 (%3)</source>
        <translation>Schlüssel %1 läuft am %2 ab (%3)</translation>
    </message>
    <message>
        <source>Certificate %1: %2</source>
        <translation>Zertifikat %1: %2</translation>
    </message>
    <message>
        <source>Certificate %1 expires on %2 (%3)</source>
        <translation>Zertifikat %1 läuft am %2 ab (%3)</translation>
    </message>
    <message>
        <source>Custodian certificate of %1 expires on %2 (%3)</source>
        <translation>Verwahrerzertifikat von %1 läuft am %2 ab (%3)</translation>
    </message>
    <message>
        <source>Opens the security domain&apos;s status: download it to a new custodian set in time</source>
        <translation>Öffnet den Status der Sicherheitsdomäne: rechtzeitig an einen neuen Verwahrerkreis herunterladen</translation>
    </message>
    <message>
        <source>Selects %1/%2 in the main window</source>
        <translation>Wählt %1/%2 im Hauptfenster aus</translation>
    </message>
</context>
<context>
    <name>custos::ui::NotificationPanel</name>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Due key actions, certificates to renew and expiring custodian certificates</source>
        <translation>Fällige Schlüsselaktionen, zu erneuernde Zertifikate und ablaufende Verwahrerzertifikate</translation>
    </message>
    <message>
        <source>Enter or a click opens the key, certificate or security domain named</source>
        <translation>Eingabetaste oder Klick öffnet den genannten Schlüssel, das Zertifikat oder die Sicherheitsdomäne</translation>
    </message>
    <message>
        <source>Nothing is due: no key to rotate, no certificate to renew, no custodian certificate expiring within 30 days.</source>
        <translation>Nichts ist fällig: kein Schlüssel zu rotieren, kein Zertifikat zu erneuern, kein Verwahrerzertifikat läuft innerhalb von 30 Tagen ab.</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Read the due actions and expiry dates again</source>
        <translation>Fällige Aktionen und Ablaufdaten neu lesen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the notifications (Escape)</source>
        <translation>Benachrichtigungen schließen (Esc)</translation>
    </message>
    <message numerus="yes">
        <source>%n notification(s)</source>
        <translation>
            <numerusform>%n Benachrichtigung</numerusform>
            <numerusform>%n Benachrichtigungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read everything: %1</source>
        <translation>Nicht alles konnte gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::OperatorAddDialog</name>
    <message>
        <source>Add Operator</source>
        <translation>Operator anlegen</translation>
    </message>
    <message>
        <source>letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;</source>
        <translation>Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;</translation>
    </message>
    <message>
        <source>optional, e.g. Alice Example</source>
        <translation>optional, z. B. Alice Beispiel</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>An&amp;zeigename:</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>Enter the operator&apos;s name.</source>
        <translation>Geben Sie den Namen des Operators ein.</translation>
    </message>
    <message>
        <source>Invalid name: use 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Ungültiger Name: 1–64 Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos; verwenden.</translation>
    </message>
</context>
<context>
    <name>custos::ui::OperatorOperations</name>
    <message>
        <source>Could not add operator &apos;%1&apos;</source>
        <translation>Operator „%1“ konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Operator &apos;%1&apos; added.</source>
        <translation>Operator „%1“ angelegt.</translation>
    </message>
    <message>
        <source>Could not enable operator &apos;%1&apos;</source>
        <translation>Operator „%1“ konnte nicht aktiviert werden</translation>
    </message>
    <message>
        <source>Operator &apos;%1&apos; enabled.</source>
        <translation>Operator „%1“ aktiviert.</translation>
    </message>
    <message>
        <source>Could not disable operator &apos;%1&apos;</source>
        <translation>Operator „%1“ konnte nicht deaktiviert werden</translation>
    </message>
    <message>
        <source>Operator &apos;%1&apos; disabled.</source>
        <translation>Operator „%1“ deaktiviert.</translation>
    </message>
    <message>
        <source>Could not reset the passphrase of &apos;%1&apos;</source>
        <translation>Die Passphrase von „%1“ konnte nicht zurückgesetzt werden</translation>
    </message>
    <message>
        <source>Passphrase of &apos;%1&apos; reset.</source>
        <translation>Passphrase von „%1“ zurückgesetzt.</translation>
    </message>
    <message>
        <source>Could not delete operator &apos;%1&apos;</source>
        <translation>Operator „%1“ konnte nicht gelöscht werden</translation>
    </message>
    <message>
        <source>Operator &apos;%1&apos; deleted.</source>
        <translation>Operator „%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Could not add group &apos;%1&apos;</source>
        <translation>Gruppe „%1“ konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Group &apos;%1&apos; added.</source>
        <translation>Gruppe „%1“ angelegt.</translation>
    </message>
    <message>
        <source>Could not remove &apos;%1&apos; from group &apos;%2&apos;</source>
        <translation>„%1“ konnte nicht aus der Gruppe „%2“ entfernt werden</translation>
    </message>
    <message>
        <source>&apos;%1&apos; removed from group &apos;%2&apos;.</source>
        <translation>„%1“ aus der Gruppe „%2“ entfernt.</translation>
    </message>
    <message>
        <source>Could not add &apos;%1&apos; to group &apos;%2&apos;</source>
        <translation>„%1“ konnte nicht zur Gruppe „%2“ hinzugefügt werden</translation>
    </message>
    <message>
        <source>&apos;%1&apos; added to group &apos;%2&apos;.</source>
        <translation>„%1“ zur Gruppe „%2“ hinzugefügt.</translation>
    </message>
</context>
<context>
    <name>custos::ui::OperatorPassphraseDialog</name>
    <message>
        <source>Reset Passphrase of &apos;%1&apos;</source>
        <translation>Passphrase von „%1“ zurücksetzen</translation>
    </message>
    <message>
        <source>%1 logs in with the new passphrase from now on.</source>
        <translation>%1 meldet sich ab jetzt mit der neuen Passphrase an.</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
</context>
<context>
    <name>custos::ui::OperatorsView</name>
    <message>
        <source>&lt;b&gt;Operators&lt;/b&gt;</source>
        <translation>&lt;b&gt;Operatoren&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Anlegen…</translation>
    </message>
    <message>
        <source>D&amp;isable</source>
        <translation>Deakt&amp;ivieren</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>Akti&amp;vieren</translation>
    </message>
    <message>
        <source>Enables the operator and lifts a lockout.</source>
        <translation>Aktiviert den Operator und hebt eine Sperre auf.</translation>
    </message>
    <message>
        <source>&amp;Reset passphrase…</source>
        <translation>Passphrase &amp;zurücksetzen…</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Groups&lt;/b&gt;</source>
        <translation>&lt;b&gt;Gruppen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add &amp;group…</source>
        <translation>&amp;Gruppe anlegen…</translation>
    </message>
    <message>
        <source>Add &amp;member…</source>
        <translation>&amp;Mitglied hinzufügen…</translation>
    </message>
    <message>
        <source>Remo&amp;ve member</source>
        <translation>Mitglied &amp;entfernen</translation>
    </message>
    <message>
        <source>Changing operators and groups needs %1.</source>
        <translation>Operatoren und Gruppen ändern erfordert %1.</translation>
    </message>
    <message>
        <source>Operators could not be listed: %1</source>
        <translation>Operatoren konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Groups could not be listed: %1</source>
        <translation>Gruppen konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Delete Operator</source>
        <translation>Operator löschen</translation>
    </message>
    <message>
        <source>Delete operator &apos;%1&apos;? Their role assignments and group memberships go with them; this cannot be undone.</source>
        <translation>Operator „%1“ löschen? Seine Rollenzuweisungen und Gruppenmitgliedschaften werden mitgelöscht; das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Add Group</source>
        <translation>Gruppe anlegen</translation>
    </message>
    <message>
        <source>Group &amp;name (letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;):</source>
        <translation>Gruppen&amp;name (Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;):</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Invalid group name &apos;%1&apos;: use 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Ungültiger Gruppenname „%1“: 1–64 Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos; verwenden.</translation>
    </message>
    <message>
        <source>Every operator is a member of &apos;%1&apos; already.</source>
        <translation>Alle Operatoren sind bereits Mitglied von „%1“.</translation>
    </message>
    <message>
        <source>Add Member to &apos;%1&apos;</source>
        <translation>Mitglied zu „%1“ hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>&amp;Operator:</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Operatoren</translation>
    </message>
    <message>
        <source>Operators of this workspace with their state and last login</source>
        <translation>Operatoren dieses Arbeitsbereichs mit Zustand und letzter Anmeldung</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>Operator groups and their members</source>
        <translation>Operatorgruppen und ihre Mitglieder</translation>
    </message>
</context>
<context>
    <name>custos::ui::PassphrasePairDialog</name>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>Con&amp;firm passphrase:</source>
        <translation>Passphrase &amp;bestätigen:</translation>
    </message>
    <message numerus="yes">
        <source>The passphrase needs at least %n characters.</source>
        <translation>
            <numerusform>Die Passphrase braucht mindestens %n Zeichen.</numerusform>
            <numerusform>Die Passphrase braucht mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The passphrases do not match.</source>
        <translation>Die Passphrasen stimmen nicht überein.</translation>
    </message>
</context>
<context>
    <name>custos::ui::RenewCertificatesDialog</name>
    <message>
        <source>Renew Certificates</source>
        <translation>Zertifikate erneuern</translation>
    </message>
    <message>
        <source>Each certificate gets a new version under its policy, from the same issuer. Nothing changes until you press Renew; uncheck what you want to leave as it is.</source>
        <translation>Jedes Zertifikat erhält nach seiner Richtlinie eine neue Version vom selben Aussteller. Nichts ändert sich, bevor Sie „Erneuern“ drücken; entfernen Sie das Häkchen bei allem, was bleiben soll, wie es ist.</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Renew %n certificate(s)</source>
        <translation>
            <numerusform>%n Zertifikat &amp;erneuern</numerusform>
            <numerusform>%n Zertifikate &amp;erneuern</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificates to renew</source>
        <translation>Zu erneuernde Zertifikate</translation>
    </message>
    <message>
        <source>Each selected certificate&apos;s current and renewed validity, side by side</source>
        <translation>Aktuelle und erneuerte Gültigkeit jedes ausgewählten Zertifikats nebeneinander</translation>
    </message>
</context>
<context>
    <name>custos::ui::RenewalPreviewModel</name>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>New key (%1)</source>
        <translation>Neuer Schlüssel (%1)</translation>
    </message>
    <message>
        <source>Same key (%1)</source>
        <translation>Gleicher Schlüssel (%1)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 (unchanged)</source>
        <translation>%1 (unverändert)</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>The renewed certificate has the same subject alternative names.</source>
        <translation>Das erneuerte Zertifikat hat dieselben alternativen Antragstellernamen.</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Hinzugefügt: %1</translation>
    </message>
    <message>
        <source>Removed: %1</source>
        <translation>Entfernt: %1</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>A new key pair is generated for the renewed certificate.</source>
        <translation>Für das erneuerte Zertifikat wird ein neues Schlüsselpaar erzeugt.</translation>
    </message>
    <message>
        <source>The policy reuses the key: the renewed certificate certifies the same key.</source>
        <translation>Die Richtlinie verwendet den Schlüssel weiter: Das erneuerte Zertifikat bestätigt denselben Schlüssel.</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Old validity</source>
        <translation>Alte Gültigkeit</translation>
    </message>
    <message>
        <source>New validity</source>
        <translation>Neue Gültigkeit</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>SANs (old → new)</source>
        <translation>SANs (alt → neu)</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobCustodiansPage</name>
    <message>
        <source>Custodians</source>
        <translation>Verwahrer</translation>
    </message>
    <message>
        <source>One custodian at a time presents their key. Each key is wiped as soon as its share is decrypted; only the shares stay, in secure memory, until the blob is written.</source>
        <translation>Ein Verwahrer nach dem anderen legt seinen Schlüssel vor. Jeder Schlüssel wird gelöscht, sobald sein Anteil entschlüsselt ist; nur die Anteile bleiben im geschützten Speicher, bis das Blob geschrieben ist.</translation>
    </message>
    <message>
        <source>Choose the security-domain file first.</source>
        <translation>Wählen Sie zuerst die Sicherheitsdomänen-Datei.</translation>
    </message>
    <message>
        <source>A custodian card needs an open workspace.</source>
        <translation>Eine Verwahrer-Karte braucht einen geöffneten Arbeitsbereich.</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobDonePage</name>
    <message>
        <source>Restore Blob Written</source>
        <translation>Wiederherstellungs-Blob geschrieben</translation>
    </message>
    <message>
        <source>The restore blob is in %1 and the shares are wiped. Upload it to the new Managed HSM (replace HSM with its name):

    az keyvault security-domain upload --hsm-name HSM --sd-file &quot;%1&quot; --restore-blob</source>
        <translation>Das Wiederherstellungs-Blob liegt in %1, die Anteile sind gelöscht. Laden Sie es in das neue Managed HSM hoch (HSM durch dessen Namen ersetzen):

    az keyvault security-domain upload --hsm-name HSM --sd-file &quot;%1&quot; --restore-blob</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobExchangePage</name>
    <message>
        <source>Exchange Key</source>
        <translation>Austauschschlüssel</translation>
    </message>
    <message>
        <source>The new HSM&apos;s exchange certificate, as `az keyvault security-domain init-recovery` saved it: PEM or DER, or the service&apos;s transfer_key JSON.</source>
        <translation>Das Austauschzertifikat des neuen HSM, wie `az keyvault security-domain init-recovery` es gespeichert hat: PEM oder DER, oder das transfer_key-JSON des Dienstes.</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>Du&amp;rchsuchen…</translation>
    </message>
    <message>
        <source>Exchange Certificate</source>
        <translation>Austauschzertifikat</translation>
    </message>
    <message>
        <source>Certificates (*.cer *.crt *.pem *.der *.json);;All files (*)</source>
        <translation>Zertifikate (*.cer *.crt *.pem *.der *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>E&amp;xchange certificate:</source>
        <translation>A&amp;ustauschzertifikat:</translation>
    </message>
    <message>
        <source>Thumbprint (x5t_256): %1</source>
        <translation>Fingerabdruck (x5t_256): %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobFilePage</name>
    <message>
        <source>Security-Domain File</source>
        <translation>Sicherheitsdomänen-Datei</translation>
    </message>
    <message>
        <source>The security-domain file of the Managed HSM to restore. Nothing leaves this computer: the restore blob is made here and uploaded with az afterwards.</source>
        <translation>Die Sicherheitsdomänen-Datei des wiederherzustellenden Managed HSM. Nichts verlässt diesen Rechner: Das Wiederherstellungs-Blob entsteht hier und wird danach mit az hochgeladen.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Security-domain files (*.json);;All files (*)</source>
        <translation>Sicherheitsdomänen-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Da&amp;tei:</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobSavePage</name>
    <message>
        <source>Save the Restore Blob</source>
        <translation>Wiederherstellungs-Blob speichern</translation>
    </message>
    <message>
        <source>The quorum is complete. The blob carries the security domain re-encrypted to the exchange key; the shares are wiped once it is written.</source>
        <translation>Das Quorum ist vollständig. Das Blob enthält die Sicherheitsdomäne, neu verschlüsselt für den Austauschschlüssel; die Anteile werden gelöscht, sobald es geschrieben ist.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save Restore Blob</source>
        <translation>Wiederherstellungs-Blob speichern</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Making the restore blob…</source>
        <translation>Das Wiederherstellungs-Blob wird erstellt…</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>Du&amp;rchsuchen…</translation>
    </message>
    <message>
        <source>Blob &amp;file:</source>
        <translation>Blob-&amp;Datei:</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobWizard</name>
    <message>
        <source>Managed HSM Restore Blob</source>
        <translation>Managed-HSM-Wiederherstellungs-Blob</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreCompletePage</name>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>The quorum is complete. Restoring reconstructs the master secret, checks it against the file, and puts the restored domain key into this workspace&apos;s token.</source>
        <translation>Das Quorum ist vollständig. Die Wiederherstellung setzt das Hauptgeheimnis zusammen, prüft es an der Datei und legt den wiederhergestellten Domänenschlüssel in das Token dieses Arbeitsbereichs.</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256: %1</translation>
    </message>
    <message>
        <source>Shares: %1 of %2 collected, from %3</source>
        <translation>Anteile: %1 von %2 gesammelt, von %3</translation>
    </message>
    <message>
        <source>The restored domain key becomes this workspace&apos;s active domain key; the workspace&apos;s own, unused domain key is retired. Afterwards, restore the latest workspace backup.</source>
        <translation>Der wiederhergestellte Domänenschlüssel wird der aktive Domänenschlüssel dieses Arbeitsbereichs; dessen eigener, unbenutzter Domänenschlüssel wird stillgelegt. Stellen Sie danach die neueste Sicherung des Arbeitsbereichs wieder her.</translation>
    </message>
    <message>
        <source>Restoring the domain key…</source>
        <translation>Der Domänenschlüssel wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>The restore was not approved.</source>
        <translation>Die Wiederherstellung wurde nicht genehmigt.</translation>
    </message>
    <message>
        <source>The collected shares were wiped. Go Back to start again with the file, or Cancel.</source>
        <translation>Die gesammelten Anteile wurden gelöscht. Gehen Sie zurück, um mit der Datei neu zu beginnen, oder brechen Sie ab.</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreCustodiansPage</name>
    <message>
        <source>Custodians</source>
        <translation>Verwahrer</translation>
    </message>
    <message>
        <source>One custodian at a time: their key file and password, or their card and PIN. Each key is wiped as soon as its share is decrypted; only the share stays, in secure memory.</source>
        <translation>Ein Verwahrer nach dem anderen: Schlüsseldatei und Passwort, oder Karte und PIN. Jeder Schlüssel wird gelöscht, sobald sein Anteil entschlüsselt ist; nur der Anteil bleibt, im geschützten Speicher.</translation>
    </message>
    <message>
        <source>%1 (SHA-256 %2): %3 of its %4 custodians are needed.</source>
        <translation>%1 (SHA-256 %2): %3 ihrer %4 Verwahrer werden benötigt.</translation>
    </message>
    <message>
        <source>No restore ceremony is in progress.</source>
        <translation>Es läuft keine Wiederherstellungszeremonie.</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreFilePage</name>
    <message>
        <source>Security-Domain File</source>
        <translation>Sicherheitsdomänen-Datei</translation>
    </message>
    <message>
        <source>The file downloaded from the workspace whose domain key is to be restored here. The custodians then present their keys one at a time.</source>
        <translation>Die Datei, die aus dem Arbeitsbereich heruntergeladen wurde, dessen Domänenschlüssel hier wiederhergestellt werden soll. Danach legen die Verwahrer ihre Schlüssel einzeln vor.</translation>
    </message>
    <message>
        <source>SD.json</source>
        <translation>SD.json</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Security-domain files (*.json);;All files (*)</source>
        <translation>Sicherheitsdomänen-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Da&amp;tei:</translation>
    </message>
    <message>
        <source>Reading the security-domain file…</source>
        <translation>Die Sicherheitsdomänen-Datei wird gelesen…</translation>
    </message>
    <message>
        <source>The restore could not start.</source>
        <translation>Die Wiederherstellung konnte nicht beginnen.</translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreResultPage</name>
    <message>
        <source>Domain Key Restored</source>
        <translation>Domänenschlüssel wiederhergestellt</translation>
    </message>
    <message>
        <source>Active domain key:</source>
        <translation>Aktiver Domänenschlüssel:</translation>
    </message>
    <message>
        <source>Restored from:</source>
        <translation>Wiederhergestellt aus:</translation>
    </message>
    <message>
        <source>workspace &apos;%1&apos; (%2), created %3</source>
        <translation>Arbeitsbereich &apos;%1&apos; (%2), erstellt %3</translation>
    </message>
    <message numerus="yes">
        <source>The workspace is activated with the restored domain key (%n domain key(s) restored). Next, restore the latest backup of the source workspace:
    custosctl backup restore --in BACKUP</source>
        <translation>
            <numerusform>Der Arbeitsbereich ist mit dem wiederhergestellten Domänenschlüssel aktiviert (%n Domänenschlüssel wiederhergestellt). Stellen Sie als Nächstes die neueste Sicherung des Quell-Arbeitsbereichs wieder her:
    custosctl backup restore --in BACKUP</numerusform>
            <numerusform>Der Arbeitsbereich ist mit dem wiederhergestellten Domänenschlüssel aktiviert (%n Domänenschlüssel wiederhergestellt). Stellen Sie als Nächstes die neueste Sicherung des Quell-Arbeitsbereichs wieder her:
    custosctl backup restore --in BACKUP</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreWizard</name>
    <message>
        <source>Restore Security Domain</source>
        <translation>Sicherheitsdomäne wiederherstellen</translation>
    </message>
</context>
<context>
    <name>custos::ui::RoleEditDialog</name>
    <message>
        <source>New Role</source>
        <translation>Neue Rolle</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>Edit Role &apos;%1&apos;</source>
        <translation>Rolle „%1“ bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>e.g. Key Rotation Operator</source>
        <translation>z. B. Schlüsselrotation</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Permissions (Grant) and not-permissions (Exclude):</source>
        <translation>&amp;Berechtigungen (Gewähren) und Ausschlüsse (Ausschließen):</translation>
    </message>
    <message>
        <source>Enter the role&apos;s name.</source>
        <translation>Geben Sie den Namen der Rolle ein.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a built-in role; choose another name.</source>
        <translation>„%1“ ist eine eingebaute Rolle; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Grant at least one permission.</source>
        <translation>Gewähren Sie mindestens eine Berechtigung.</translation>
    </message>
    <message numerus="yes">
        <source>Grants %n permission(s).</source>
        <translation>
            <numerusform>Gewährt %n Berechtigung.</numerusform>
            <numerusform>Gewährt %n Berechtigungen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::RoleOperations</name>
    <message>
        <source>Delete Role</source>
        <translation>Rolle löschen</translation>
    </message>
    <message>
        <source>Delete the role &apos;%1&apos;?</source>
        <translation>Die Rolle „%1“ löschen?</translation>
    </message>
    <message>
        <source>A role is deleted only while nobody holds it.</source>
        <translation>Eine Rolle wird nur gelöscht, solange niemand sie innehat.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Could not read the operators, groups and roles</source>
        <translation>Operatoren, Gruppen und Rollen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Remove Assignment</source>
        <translation>Zuweisung entfernen</translation>
    </message>
    <message>
        <source>Remove the role &apos;%1&apos; from &apos;%2&apos; at %3?</source>
        <translation>Die Rolle „%1“ von „%2“ in %3 entfernen?</translation>
    </message>
    <message>
        <source>What the role grants there stops at once.</source>
        <translation>Was die Rolle dort gewährt, endet sofort.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Could not create the role &apos;%1&apos;</source>
        <translation>Die Rolle „%1“ konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Role &apos;%1&apos; created</source>
        <translation>Rolle „%1“ erstellt</translation>
    </message>
    <message>
        <source>Could not update the role &apos;%1&apos;</source>
        <translation>Die Rolle „%1“ konnte nicht geändert werden</translation>
    </message>
    <message>
        <source>Role &apos;%1&apos; updated</source>
        <translation>Rolle „%1“ geändert</translation>
    </message>
    <message>
        <source>Could not delete the role &apos;%1&apos;</source>
        <translation>Die Rolle „%1“ konnte nicht gelöscht werden</translation>
    </message>
    <message>
        <source>Role &apos;%1&apos; deleted</source>
        <translation>Rolle „%1“ gelöscht</translation>
    </message>
    <message>
        <source>Could not assign &apos;%1&apos; to &apos;%2&apos; at %3</source>
        <translation>„%1“ konnte „%2“ in %3 nicht zugewiesen werden</translation>
    </message>
    <message>
        <source>&apos;%1&apos; assigned to &apos;%2&apos; at %3</source>
        <translation>„%1“ an „%2“ in %3 zugewiesen</translation>
    </message>
    <message>
        <source>Could not remove &apos;%1&apos; from &apos;%2&apos; at %3</source>
        <translation>„%1“ konnte von „%2“ in %3 nicht entfernt werden</translation>
    </message>
    <message>
        <source>&apos;%1&apos; removed from &apos;%2&apos; at %3</source>
        <translation>„%1“ von „%2“ in %3 entfernt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>custos::ui::RolePermissionTree</name>
    <message>
        <source>security domain</source>
        <translation>Sicherheitsdomäne</translation>
    </message>
    <message>
        <source>deleted keys</source>
        <translation>gelöschte Schlüssel</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>random</source>
        <translation>Zufall</translation>
    </message>
    <message>
        <source>roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>vaults</source>
        <translation>Tresore</translation>
    </message>
    <message>
        <source>certificates</source>
        <translation>Zertifikate</translation>
    </message>
    <message>
        <source>audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>operators</source>
        <translation>Operatoren</translation>
    </message>
    <message>
        <source>quorum</source>
        <translation>Quorum</translation>
    </message>
    <message>
        <source>workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>Berechtigung</translation>
    </message>
    <message>
        <source>Grant</source>
        <translation>Gewähren</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>Ausschließen</translation>
    </message>
    <message>
        <source>Grant %1</source>
        <translation>%1 gewähren</translation>
    </message>
    <message>
        <source>Exclude %1 (not-permission)</source>
        <translation>%1 ausschließen (Ausschluss)</translation>
    </message>
</context>
<context>
    <name>custos::ui::RolesView</name>
    <message>
        <source>&amp;New Role…</source>
        <translation>&amp;Neue Rolle…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&amp;Permissions:</source>
        <translation>Be&amp;rechtigungen:</translation>
    </message>
    <message>
        <source>N&amp;ot permissions:</source>
        <translation>&amp;Ausschlüsse:</translation>
    </message>
    <message>
        <source>No role selected</source>
        <translation>Keine Rolle ausgewählt</translation>
    </message>
    <message>
        <source>%1 (built-in, read-only)</source>
        <translation>%1 (eingebaut, schreibgeschützt)</translation>
    </message>
    <message>
        <source>Grants %1 of %2 permissions.</source>
        <translation>Gewährt %1 von %2 Berechtigungen.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation>Ihnen fehlt die Berechtigung %1 im Bereich %2</translation>
    </message>
    <message>
        <source>Built-in roles are read-only</source>
        <translation>Eingebaute Rollen sind schreibgeschützt</translation>
    </message>
    <message>
        <source>Define a custom role</source>
        <translation>Eine eigene Rolle definieren</translation>
    </message>
    <message>
        <source>Creating and editing roles needs the permission %1 at %2.</source>
        <translation>Zum Erstellen und Bearbeiten von Rollen ist die Berechtigung %1 im Bereich %2 nötig.</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Built-in and custom role definitions; the selected role&apos;s permissions are listed beside</source>
        <translation>Eingebaute und eigene Rollendefinitionen; die Berechtigungen der ausgewählten Rolle stehen daneben</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>Berechtigungen</translation>
    </message>
    <message>
        <source>What the selected role allows</source>
        <translation>Was die ausgewählte Rolle erlaubt</translation>
    </message>
    <message>
        <source>Excluded permissions</source>
        <translation>Ausgeschlossene Berechtigungen</translation>
    </message>
    <message>
        <source>What the selected role excludes from its permissions</source>
        <translation>Was die ausgewählte Rolle von ihren Berechtigungen ausnimmt</translation>
    </message>
</context>
<context>
    <name>custos::ui::SearchResultModel</name>
    <message>
        <source>Vault</source>
        <translation>Tresor</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>Antragsteller</translation>
    </message>
    <message>
        <source>subject alternative name</source>
        <translation>alternativer Antragstellername</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <source>serial number</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <source>description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Key in vault %1</source>
        <translation>Schlüssel in Tresor %1</translation>
    </message>
    <message>
        <source>Certificate in vault %1</source>
        <translation>Zertifikat in Tresor %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>custos::ui::SecurityDomainHistoryModel</name>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>Rotation</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellung</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Abgelöst</translation>
    </message>
    <message>
        <source>Custodians: %1
Domain key ID: %2</source>
        <translation>Verwahrer: %1
ID des Domänenschlüssels: %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Ceremony</source>
        <translation>Zeremonie</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation>Quorum</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>File SHA-256</source>
        <translation>SHA-256 der Datei</translation>
    </message>
</context>
<context>
    <name>custos::ui::SecurityDomainView</name>
    <message>
        <source>Security Domain</source>
        <translation>Sicherheitsdomäne</translation>
    </message>
    <message>
        <source>Files made for earlier custodian sets still open with their old shares. Rotate the domain key so that new backups need the new custodians.</source>
        <translation>Dateien für frühere Verwahrergruppen öffnen sich weiterhin mit ihren alten Anteilen. Rotieren Sie den Domänenschlüssel, damit neue Sicherungen die neuen Verwahrer brauchen.</translation>
    </message>
    <message>
        <source>R&amp;otate…</source>
        <translation>R&amp;otieren…</translation>
    </message>
    <message>
        <source>Current custodian set</source>
        <translation>Geltende Verwahrergruppe</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation>&amp;Rotieren…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Akt&amp;ualisieren</translation>
    </message>
    <message>
        <source>You lack the permission securitydomain/download/action at /</source>
        <translation>Ihnen fehlt die Berechtigung securitydomain/download/action auf /</translation>
    </message>
    <message>
        <source>Cannot read the security-domain status: %1</source>
        <translation>Der Zustand der Sicherheitsdomäne kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Activated</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>The domain key is backed up to a quorum of custodians. Keys can be created and imported.</source>
        <translation>Der Domänenschlüssel ist für ein Quorum von Verwahrern gesichert. Schlüssel können erstellt und importiert werden.</translation>
    </message>
    <message>
        <source>Not activated</source>
        <translation>Nicht aktiviert</translation>
    </message>
    <message>
        <source>Key creation and import are refused until the security domain has been downloaded: without a backup of the domain key to custodians, a lost token would lose every key, as with Azure Managed HSM. Download the security domain to activate this workspace.</source>
        <translation>Schlüssel zu erstellen und zu importieren wird abgelehnt, bis die Sicherheitsdomäne heruntergeladen ist: Ohne Sicherung des Domänenschlüssels bei Verwahrern nähme ein verlorenes Token jeden Schlüssel mit, wie bei Azure Managed HSM. Laden Sie die Sicherheitsdomäne herunter, um diesen Arbeitsbereich zu aktivieren.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 of %2&lt;/b&gt; custodians restore the domain key.&lt;br&gt;File SHA-256: &lt;tt&gt;%3&lt;/tt&gt;&lt;br&gt;%4 on %5 by %6.&lt;br&gt;Domain key ID: &lt;tt&gt;%7&lt;/tt&gt;</source>
        <translation>&lt;b&gt;%1 von %2&lt;/b&gt; Verwahrern stellen den Domänenschlüssel wieder her.&lt;br&gt;SHA-256 der Datei: &lt;tt&gt;%3&lt;/tt&gt;&lt;br&gt;%4 am %5 durch %6.&lt;br&gt;ID des Domänenschlüssels: &lt;tt&gt;%7&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>No security-domain file has been made yet.</source>
        <translation>Es wurde noch keine Sicherheitsdomänen-Datei erstellt.</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n custodian certificate(s) expire within 90 days: %1. The shares still open; plan a new download with renewed certificates.</source>
        <translation>
            <numerusform>⚠ %n Verwahrer-Zertifikat läuft innerhalb von 90 Tagen ab: %1. Die Anteile öffnen sich weiterhin; planen Sie einen neuen Download mit erneuerten Zertifikaten.</numerusform>
            <numerusform>⚠ %n Verwahrer-Zertifikate laufen innerhalb von 90 Tagen ab: %1. Die Anteile öffnen sich weiterhin; planen Sie einen neuen Download mit erneuerten Zertifikaten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Custodians in force</source>
        <translation>Geltende Verwahrer</translation>
    </message>
    <message>
        <source>The custodians of the current security-domain file, with their certificates&apos; expiry</source>
        <translation>Die Verwahrer der aktuellen Sicherheitsdomänen-Datei mit dem Ablauf ihrer Zertifikate</translation>
    </message>
    <message>
        <source>Security-domain files</source>
        <translation>Sicherheitsdomänen-Dateien</translation>
    </message>
    <message>
        <source>Every security-domain file this workspace made or was restored from, newest first</source>
        <translation>Jede Sicherheitsdomänen-Datei, die dieser Arbeitsbereich erstellt hat oder aus der er wiederhergestellt wurde, neueste zuerst</translation>
    </message>
</context>
<context>
    <name>custos::ui::SelfTestBanner</name>
    <message>
        <source>Self Test &amp;Details…</source>
        <translation>Selbsttest-&amp;Details…</translation>
    </message>
    <message>
        <source>Shows every self test, the error and the proposed fix</source>
        <translation>Zeigt jeden Selbsttest, den Fehler und die vorgeschlagene Abhilfe</translation>
    </message>
    <message>
        <source>&lt;b&gt;The start-up self test failed&lt;/b&gt; (%1). Key and certificate operations are blocked.</source>
        <translation>&lt;b&gt;Der Selbsttest beim Start ist fehlgeschlagen&lt;/b&gt; (%1). Schlüssel- und Zertifikatsoperationen sind gesperrt.</translation>
    </message>
</context>
<context>
    <name>custos::ui::SelfTestDialog</name>
    <message>
        <source>Self Test</source>
        <translation>Selbsttest</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Self test results</source>
        <translation>Selbsttest-Ergebnisse</translation>
    </message>
    <message>
        <source>One row per check: its name, whether it passed, and the short error</source>
        <translation>Eine Zeile je Prüfung: ihr Name, ob sie bestanden wurde, und der kurze Fehler</translation>
    </message>
    <message>
        <source>Self test details</source>
        <translation>Selbsttest-Details</translation>
    </message>
    <message>
        <source>What the selected check tested, and for a failure the error and the proposed fix</source>
        <translation>Was die gewählte Prüfung getestet hat, und bei einem Fehlschlag der Fehler und die vorgeschlagene Abhilfe</translation>
    </message>
    <message>
        <source>&amp;Run Again</source>
        <translation>E&amp;rneut ausführen</translation>
    </message>
    <message>
        <source>Runs the self tests again and shows the result</source>
        <translation>Führt die Selbsttests erneut aus und zeigt das Ergebnis</translation>
    </message>
    <message numerus="yes">
        <source>All %n check(s) passed.</source>
        <translation>
            <numerusform>%n Prüfung bestanden.</numerusform>
            <numerusform>Alle %n Prüfungen bestanden.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 of %2 checks failed: %3.&lt;/b&gt; Key and certificate operations are blocked while a self test of the primitives fails; restart Custos once the cause is fixed.</source>
        <translation>&lt;b&gt;%1 von %2 Prüfungen fehlgeschlagen: %3.&lt;/b&gt; Schlüssel- und Zertifikatsoperationen sind gesperrt, solange ein Selbsttest der Primitive fehlschlägt; starten Sie Custos neu, sobald die Ursache behoben ist.</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>Proposed fix:</source>
        <translation>Vorgeschlagene Abhilfe:</translation>
    </message>
</context>
<context>
    <name>custos::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Lock after minutes without input</source>
        <translation>Sperren nach Minuten ohne Eingabe</translation>
    </message>
    <message>
        <source>Custos locks itself after this long without keyboard or mouse input (%1 to %2 minutes)</source>
        <translation>Custos sperrt sich nach dieser Zeit ohne Tastatur- oder Mauseingabe (%1 bis %2 Minuten)</translation>
    </message>
    <message>
        <source>Lock when the &amp;screen locks</source>
        <translation>Sperren, wenn der &amp;Bildschirm gesperrt wird</translation>
    </message>
    <message>
        <source>Lock Custos as soon as the desktop&apos;s screen saver or session lock starts</source>
        <translation>Custos sperren, sobald der Bildschirmschoner oder die Sitzungssperre des Desktops startet</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Clear copied secrets after seconds</source>
        <translation>Kopierte Geheimnisse nach Sekunden löschen</translation>
    </message>
    <message>
        <source>A secret copied to the clipboard is removed after this long, unless something else was copied since</source>
        <translation>Ein in die Zwischenablage kopiertes Geheimnis wird nach dieser Zeit entfernt, sofern seither nichts anderes kopiert wurde</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>&amp;Lock after idle:</source>
        <translation>Sperren nach &amp;Leerlauf:</translation>
    </message>
    <message>
        <source>&amp;Clear copied secrets after:</source>
        <translation>Kopierte Geheimnisse lö&amp;schen nach:</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Design:</translation>
    </message>
    <message>
        <source>L&amp;anguage:</source>
        <translation>S&amp;prache:</translation>
    </message>
</context>
<context>
    <name>custos::ui::SodReportView</name>
    <message>
        <source>Re&amp;fresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message numerus="yes">
        <source>No findings: duties are separated and no assignment expires within %n day(s).</source>
        <translation>
            <numerusform>Keine Befunde: die Aufgaben sind getrennt, und keine Zuweisung verfällt innerhalb von %n Tag.</numerusform>
            <numerusform>Keine Befunde: die Aufgaben sind getrennt, und keine Zuweisung verfällt innerhalb von %n Tagen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 conflicting role pair(s), %2 assignment(s) expiring within %n day(s).</source>
        <translation>
            <numerusform>%1 unverträgliche Rollenpaare, %2 innerhalb von %n Tag ablaufende Zuweisungen.</numerusform>
            <numerusform>%1 unverträgliche Rollenpaare, %2 innerhalb von %n Tagen ablaufende Zuweisungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Separation-of-duties findings</source>
        <translation>Befunde zur Funktionstrennung</translation>
    </message>
    <message>
        <source>Principals whose roles together break a separation-of-duties rule</source>
        <translation>Prinzipale, deren Rollen zusammen eine Regel der Funktionstrennung verletzen</translation>
    </message>
</context>
<context>
    <name>custos::ui::SubjectAltNameEditor</name>
    <message>
        <source>One name a row: dns:, ip:, email: or uri: and the name. F2 edits a row.</source>
        <translation>Ein Name pro Zeile: dns:, ip:, email: oder uri: und der Name. F2 bearbeitet eine Zeile.</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is listed twice.</source>
        <translation>„%1“ ist doppelt aufgeführt.</translation>
    </message>
    <message>
        <source>Alternative name %1: %2</source>
        <translation>Alternativer Name %1: %2</translation>
    </message>
</context>
<context>
    <name>custos::ui::TokenObjectPicker</name>
    <message>
        <source>e.g. /usr/lib/softhsm/libsofthsm2.so</source>
        <translation>z. B. /usr/lib/softhsm/libsofthsm2.so</translation>
    </message>
    <message>
        <source>User PIN</source>
        <translation>Benutzer-PIN</translation>
    </message>
    <message>
        <source>&amp;List Objects</source>
        <translation>Objekte &amp;auflisten</translation>
    </message>
    <message>
        <source>Token objects</source>
        <translation>Token-Objekte</translation>
    </message>
    <message>
        <source>PKCS#11 &amp;module:</source>
        <translation>PKCS#11-&amp;Modul:</translation>
    </message>
    <message>
        <source>Token &amp;label:</source>
        <translation>Token-&amp;Bezeichnung:</translation>
    </message>
    <message>
        <source>User P&amp;IN:</source>
        <translation>Benutzer-P&amp;IN:</translation>
    </message>
    <message>
        <source>PKCS#11 object &apos;%1&apos;</source>
        <translation>PKCS#11-Objekt „%1“</translation>
    </message>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2 (%3)</translation>
    </message>
    <message>
        <source>The token holds no certificates or keys.</source>
        <translation>Das Token enthält keine Zertifikate oder Schlüssel.</translation>
    </message>
    <message>
        <source>Pick an importable object of the token.</source>
        <translation>Wählen Sie ein importierbares Objekt des Tokens.</translation>
    </message>
</context>
<context>
    <name>custos::ui::TokenPage</name>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Bezeichnung:</translation>
    </message>
    <message>
        <source>Manufacturer:</source>
        <translation>Hersteller:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Serial number:</source>
        <translation>Seriennummer:</translation>
    </message>
    <message>
        <source>Firmware version:</source>
        <translation>Firmware-Version:</translation>
    </message>
    <message>
        <source>Library:</source>
        <translation>Bibliothek:</translation>
    </message>
    <message>
        <source>Module:</source>
        <translation>Modul:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Key objects:</source>
        <translation>Schlüsselobjekte:</translation>
    </message>
    <message>
        <source>&amp;Algorithms the token&apos;s keys can do:</source>
        <translation>&amp;Algorithmen, die die Schlüssel des Tokens ausführen können:</translation>
    </message>
    <message>
        <source>Algorithms and how the token does them</source>
        <translation>Algorithmen und wie das Token sie ausführt</translation>
    </message>
    <message>
        <source>Native: the token does it with its own mechanism.</source>
        <translation>Nativ: Das Token führt ihn mit einem eigenen Mechanismus aus.</translation>
    </message>
    <message>
        <source>Composed: the token lacks the mechanism; Custos builds it from simpler ones without taking the private key out.</source>
        <translation>Zusammengesetzt: Dem Token fehlt der Mechanismus; Custos setzt ihn aus einfacheren zusammen, ohne den privaten Schlüssel herauszunehmen.</translation>
    </message>
    <message>
        <source>Unavailable: keys on this token cannot do it.</source>
        <translation>Nicht verfügbar: Schlüssel auf diesem Token können ihn nicht ausführen.</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ak&amp;tualisieren</translation>
    </message>
    <message>
        <source>Reading the token…</source>
        <translation>Das Token wird gelesen…</translation>
    </message>
    <message>
        <source>%1, version %2</source>
        <translation>%1, Version %2</translation>
    </message>
    <message>
        <source>Embedded (the workspace&apos;s own token)</source>
        <translation>Eingebettet (das eigene Token des Arbeitsbereichs)</translation>
    </message>
    <message>
        <source>Attached (a token outside the workspace)</source>
        <translation>Angeschlossen (ein Token außerhalb des Arbeitsbereichs)</translation>
    </message>
    <message>
        <source>Could not read the token: %1</source>
        <translation>Das Token konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Could not list the token&apos;s algorithms: %1</source>
        <translation>Die Algorithmen des Tokens konnten nicht aufgelistet werden: %1</translation>
    </message>
</context>
<context>
    <name>custos::ui::TryOperationPanel</name>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>&amp;Wählen…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>&amp;Operation:</source>
        <translation>Op&amp;eration:</translation>
    </message>
    <message>
        <source>&amp;Algorithm:</source>
        <translation>Algor&amp;ithmus:</translation>
    </message>
    <message>
        <source>&amp;Input file:</source>
        <translation>Einga&amp;bedatei:</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>Aus&amp;führen</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Signieren</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verifizieren</translation>
    </message>
    <message>
        <source>Encrypt</source>
        <translation>Verschlüsseln</translation>
    </message>
    <message>
        <source>Decrypt</source>
        <translation>Entschlüsseln</translation>
    </message>
    <message>
        <source>Si&amp;gnature file (written):</source>
        <translation>Si&amp;gnaturdatei (wird geschrieben):</translation>
    </message>
    <message>
        <source>Si&amp;gnature file:</source>
        <translation>Si&amp;gnaturdatei:</translation>
    </message>
    <message>
        <source>O&amp;utput file:</source>
        <translation>A&amp;usgabedatei:</translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; permits none of sign, verify, encrypt or decrypt.</source>
        <translation>Der Schlüssel „%1“ erlaubt weder Signieren noch Verifizieren, Verschlüsseln oder Entschlüsseln.</translation>
    </message>
    <message>
        <source>Choose a File</source>
        <translation>Datei wählen</translation>
    </message>
</context>
<context>
    <name>custos::ui::TryOperationRun</name>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is larger than 64 MiB.</source>
        <translation>„%1“ ist größer als 64 MiB.</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>The output file must differ from the input file.</source>
        <translation>Die Ausgabedatei muss sich von der Eingabedatei unterscheiden.</translation>
    </message>
    <message>
        <source>Signed with %1: a %2-byte signature written to %3</source>
        <translation>Mit %1 signiert: %2 Byte lange Signatur in %3 geschrieben</translation>
    </message>
    <message>
        <source>The signature is valid (%1).</source>
        <translation>Die Signatur ist gültig (%1).</translation>
    </message>
    <message>
        <source>The signature does not match the file (%1).</source>
        <translation>Die Signatur passt nicht zur Datei (%1).</translation>
    </message>
    <message>
        <source>Encrypted %1 bytes with %2 into %3</source>
        <translation>%1 Byte mit %2 nach %3 verschlüsselt</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is too short for %2: expected iv (12 bytes), ciphertext and tag (16 bytes).</source>
        <translation>„%1“ ist zu kurz für %2: erwartet werden IV (12 Byte), Geheimtext und Tag (16 Byte).</translation>
    </message>
    <message>
        <source>Decrypted %1 bytes with %2 into %3</source>
        <translation>%1 Byte mit %2 nach %3 entschlüsselt</translation>
    </message>
    <message>
        <source>unexpected error</source>
        <translation>unerwarteter Fehler</translation>
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
<context>
    <name>custos::ui::VerifyShareDialog</name>
    <message>
        <source>Verify a Custodian&apos;s Share</source>
        <translation>Anteil eines Verwahrers prüfen</translation>
    </message>
    <message>
        <source>A custodian proves that their key still opens their share of a security-domain file. Nothing is reconstructed; the check is recorded in the audit trail.</source>
        <translation>Ein Verwahrer weist nach, dass sein Schlüssel seinen Anteil an einer Sicherheitsdomänen-Datei noch öffnet. Nichts wird zusammengesetzt; die Prüfung wird im Prüfprotokoll festgehalten.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Security-Domain File</source>
        <translation>Sicherheitsdomänen-Datei</translation>
    </message>
    <message>
        <source>Security-domain files (*.json);;All files (*)</source>
        <translation>Sicherheitsdomänen-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Verify key</source>
        <translation>Schlüssel &amp;prüfen</translation>
    </message>
    <message numerus="yes">
        <source>%1: your key opens %n share(s) of this file.</source>
        <translation>
            <numerusform>%1: Ihr Schlüssel öffnet %n Anteil dieser Datei.</numerusform>
            <numerusform>%1: Ihr Schlüssel öffnet %n Anteile dieser Datei.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: your key opens no share of this file.</source>
        <translation>%1: Ihr Schlüssel öffnet keinen Anteil dieser Datei.</translation>
    </message>
    <message>
        <source>Not verified: %1</source>
        <translation>Nicht bestätigt: %1</translation>
    </message>
    <message>
        <source>Security-domain f&amp;ile:</source>
        <translation>Sicherheitsdomänen-Da&amp;tei:</translation>
    </message>
</context>
<context>
    <name>custos::ui::VersionAttributesEditor</name>
    <message>
        <source>En&amp;abled</source>
        <translation>A&amp;ktiviert</translation>
    </message>
    <message>
        <source>Not befo&amp;re</source>
        <translation>N&amp;icht vor</translation>
    </message>
    <message>
        <source>E&amp;xpires</source>
        <translation>Ver&amp;fällt</translation>
    </message>
    <message>
        <source>owner=payments; env=prod</source>
        <translation>owner=payments; env=prod</translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation>Ta&amp;gs:</translation>
    </message>
    <message>
        <source>Appl&amp;y</source>
        <translation>Ü&amp;bernehmen</translation>
    </message>
    <message>
        <source>Version %1 (%2)</source>
        <translation>Version %1 (%2)</translation>
    </message>
    <message>
        <source>Select a version to edit its attributes.</source>
        <translation>Wählen Sie eine Version aus, um ihre Attribute zu bearbeiten.</translation>
    </message>
</context>
<context>
    <name>custos::ui::WorkspaceActions</name>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is not a directory.</source>
        <translation>%1 ist kein Verzeichnis.</translation>
    </message>
    <message>
        <source>%1 is not a Custos workspace: it holds no workspace database (custos.db). Use File &gt; New Workspace… to create one.</source>
        <translation>%1 ist kein Custos-Arbeitsbereich: Es enthält keine Arbeitsbereichsdatenbank (custos.db). Mit Datei &gt; Neuer Arbeitsbereich… legen Sie einen an.</translation>
    </message>
    <message>
        <source>%1 holds a Custos workspace already: open it with File &gt; Open Workspace….</source>
        <translation>%1 enthält bereits einen Custos-Arbeitsbereich: Öffnen Sie ihn mit Datei &gt; Arbeitsbereich öffnen….</translation>
    </message>
    <message>
        <source>%1 is not empty. A new workspace needs an empty or new directory.</source>
        <translation>%1 ist nicht leer. Ein neuer Arbeitsbereich braucht ein leeres oder neues Verzeichnis.</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Log out and open another workspace</source>
        <translation>Abmelden und einen anderen Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich…</translation>
    </message>
    <message>
        <source>Log out and create a workspace, with its own token or attached to an existing one</source>
        <translation>Abmelden und einen Arbeitsbereich anlegen, mit eigenem Token oder an einem vorhandenen</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>The workspace open now</source>
        <translation>Der gerade geöffnete Arbeitsbereich</translation>
    </message>
    <message>
        <source>%1 (open)</source>
        <translation>%1 (geöffnet)</translation>
    </message>
    <message>
        <source>%1 (not found)</source>
        <translation>%1 (nicht gefunden)</translation>
    </message>
    <message>
        <source>No recent workspaces</source>
        <translation>Keine zuletzt geöffneten Arbeitsbereiche</translation>
    </message>
    <message>
        <source>Remove &amp;Missing Workspaces</source>
        <translation>&amp;Fehlende Arbeitsbereiche entfernen</translation>
    </message>
    <message>
        <source>New Workspace Directory</source>
        <translation>Verzeichnis für den neuen Arbeitsbereich</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>Cannot Open Workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>It was removed from the recent list.</source>
        <translation>Er wurde aus der Liste der zuletzt geöffneten entfernt.</translation>
    </message>
    <message>
        <source>Cannot Create Workspace</source>
        <translation>Arbeitsbereich kann nicht angelegt werden</translation>
    </message>
</context>
</TS>
