<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>TagText</name>
    <message>
        <source>Write each tag as key=value, separated by semicolons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tag needs a key before &apos;=&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tag key &apos;%1&apos; appears twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::app::GuiController</name>
    <message>
        <source>Cannot Open Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace in %1 cannot be opened.

%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::CertificateListModel</name>
    <message>
        <source>CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::Expiry</name>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRL next update</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::ExpiryOverviewModel</name>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::KeyListModel</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Software</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted key %1, purged on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size/Curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::KeyVersionModel</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Older version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::TokenMechanismModel</name>
    <message>
        <source>native</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>composed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token does %1 with its own mechanism.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token lacks the mechanism for %1; Custos builds it from simpler ones without taking the private key out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys on this token cannot do %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mechanisms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::VaultTreeModel</name>
    <message>
        <source>Deleted vaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Software</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted vault %1, purged on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateDetailPane</name>
    <message>
        <source>Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alternative names:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the external CA: merge the signed certificate to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate has no issued version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificatesView</name>
    <message>
        <source>Filter by name or subject (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a vault to see its certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is deleted: recover it to see its certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Certificates in vault &apos;%1&apos; (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation type="unfinished">
            <numerusform>%n shown</numerusform>
            <numerusform>%n shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::DueKeyActions</name>
    <message>
        <source>Due Key Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the due key actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key actions are due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n key action(s) are due. Carry them out now as you?</source>
        <translation>
            <numerusform>%n key action is due. Carry it out now as you?</numerusform>
            <numerusform>%n key actions are due. Carry them out now as you?</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Carry Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carrying out due key actions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n due key action(s) carried out</source>
        <translation>
            <numerusform>%n due key action carried out</numerusform>
            <numerusform>%n due key actions carried out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due key action(s) failed</source>
        <translation>
            <numerusform>%n due key action failed</numerusform>
            <numerusform>%n due key actions failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::ExpiryOverviewDialog</name>
    <message>
        <source>Expiry Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by vault or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Reminders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the shown items as calendar reminders (iCalendar .ics)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) expired or due within 30 days</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) in all</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Expires: %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2/%3 expires on %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write the reminders to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Reminders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminders saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ExpiryTimeline</name>
    <message>
        <source>Expiry timeline of the next 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::FirstRunDialog</name>
    <message>
        <source>Create a Custos Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A workspace holds your keys in its own token, plus the database of vaults, operators and roles and the audit trail. You become its first operator, with the Administrator role; your passphrase unlocks the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hange…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Operator name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Con&amp;firm passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase &amp;KDF memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The directory is not empty. Choose an empty or new directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the name you will log in with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator names have 1-64 characters: letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The passphrase needs at least %n characters.</source>
        <translation>
            <numerusform>The passphrase needs at least %n character.</numerusform>
            <numerusform>The passphrase needs at least %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>The passphrases do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Below %1 MiB this becomes a test workspace: passphrases are cheaper to guess, and the window title says so. Use it only for tests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory the passphrase key derivation needs (scrypt). Below %1 MiB the workspace counts as a test workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace could not be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyActions</name>
    <message>
        <source>New &amp;Key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a key in the selected vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;otate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a new current version of the selected key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable the current version of the selected key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;isable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable the current version of the selected key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete Key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft-delete the selected key; it stays recoverable for the vault&apos;s retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;cover Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover the selected deleted key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Purge Key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permanently destroy the selected deleted key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try an Operation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign, verify, encrypt or decrypt a file with the selected key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show De&amp;leted Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the vault&apos;s deleted keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge protection holds until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;ue Key Actions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the rotations and notifications the keys&apos; policies have made due</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyCreateDialog</name>
    <message>
        <source>&amp;Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ver&amp;ify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Wrap key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unwrap key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Key in &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. signing-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AES (oct)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permitted operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Software</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; holds HSM-protected keys only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM keys never leave the token in clear; software keys are sealed under a token key and can be exportable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xportable private key (cannot be changed later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ex&amp;pires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: owner=payments; env=prod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;rotection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cur&amp;ve:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key names have %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1-127 characters: letters, digits and dashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one operation the key may do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiry must be in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating an RSA-4096 key can take several seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyDetailPane</name>
    <message>
        <source>Select a key to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size/curve:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportable:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled purge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attri&amp;butes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versio&amp;ns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation &amp;Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try an Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; (deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Software</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted (recoverable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled (version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled (version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyOperations</name>
    <message>
        <source>Delete Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete key &apos;%1&apos; from vault &apos;%2&apos;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>It can be recovered for %n day(s); after that it is purged with all its versions.</source>
        <translation>
            <numerusform>It can be recovered for %n day; after that it is purged with all its versions.</numerusform>
            <numerusform>It can be recovered for %n days; after that it is purged with all its versions.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge key &apos;%1&apos; from vault &apos;%2&apos;? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key&apos;s token objects and all its versions are destroyed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Purge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating key &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotating key &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rotate key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; rotated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not enable key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not disable key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not update key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not set the rotation policy of key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation policy of key &apos;%1&apos; saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not recover key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; recovered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not purge key &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; purged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyPolicyEditor</name>
    <message>
        <source>none, or e.g. P1Y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each new version expires this long after it is created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After creation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. P90D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notif&amp;y before expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. P30D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New versions e&amp;xpire after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;otate automatically:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ave Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiry must be %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rotation time must be %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification time must be %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions before expiry apply only to versions that have an expiry.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::KeysView</name>
    <message>
        <source>Show de&amp;leted keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size/Curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a vault to see its keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is deleted: recover it to see its keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Deleted keys in vault &apos;%1&apos; (%n)</source>
        <translation>
            <numerusform>Deleted keys in vault &apos;%1&apos; (%n)</numerusform>
            <numerusform>Deleted keys in vault &apos;%1&apos; (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keys in vault &apos;%1&apos; (%n)</source>
        <translation>
            <numerusform>Keys in vault &apos;%1&apos; (%n)</numerusform>
            <numerusform>Keys in vault &apos;%1&apos; (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter by name (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>%n shown</numerusform>
            <numerusform>%n shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::LockPanel</name>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase to unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another operator: log this one out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custos is locked by %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::LoginDialog</name>
    <message>
        <source>Log In to Custos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not log in: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Custos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrases in this workspace use a reduced key derivation cost. Do not keep production keys here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custos — %1 — test workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custos — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Custos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Custos&lt;/b&gt;&lt;br&gt;Key custody administration for vaults, keys, certificates, roles and an audit trail on a PKCS#11 token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1, built with Qt %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault Detail&amp;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K&amp;eys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loc&amp;k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide everything and forget unsealed keys until you enter your passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpiry Overview…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates, keys and CRLs across all vaults by days left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates, keys and CRLs expired or due within 30 days (Ctrl+Shift+X)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locking failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not unlock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n expiring within 30 days</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Certifica&amp;tes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::TokenPage</name>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manufacturer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firmware version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key objects:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Algorithms the token&apos;s keys can do:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Algorithms and how the token does them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Native: the token does it with its own mechanism.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Composed: the token lacks the mechanism; Custos builds it from simpler ones without taking the private key out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unavailable: keys on this token cannot do it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, version %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded (the workspace&apos;s own token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached (a token outside the workspace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the token&apos;s algorithms: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::TryOperationPanel</name>
    <message>
        <source>Bro&amp;wse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Operation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Algorithm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Input file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;gnature file (written):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;gnature file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>O&amp;utput file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &apos;%1&apos; permits none of sign, verify, encrypt or decrypt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a File</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::TryOperationRun</name>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is larger than 64 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output file must differ from the input file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed with %1: a %2-byte signature written to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature is valid (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature does not match the file (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypted %1 bytes with %2 into %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is too short for %2: expected iv (12 bytes), ciphertext and tag (16 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypted %1 bytes with %2 into %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::VaultActions</name>
    <message>
        <source>&amp;New Vault…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft-delete the selected vault; it stays recoverable for its retention period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover the selected deleted vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Purge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permanently destroy the selected deleted vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the vault list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge protection holds until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::VaultCreateDialog</name>
    <message>
        <source>New Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. payments-prod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Software</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM vaults hold only keys that never leave the token in clear; software vaults hold software-protected keys as well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a deleted vault can be recovered before it is purged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre&amp;vent purging during the retention period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge protection cannot be turned off later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: owner=pki; env=prod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Protection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault names have 3-24 characters: letters, digits and dashes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::VaultDetailPane</name>
    <message>
        <source>Select a vault to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge protection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled purge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted (recoverable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Software</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) after deletion</source>
        <translation>
            <numerusform>%n day after deletion</numerusform>
            <numerusform>%n days after deletion</numerusform>
        </translation>
    </message>
    <message>
        <source>On: cannot be purged before the retention period ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::VaultOperations</name>
    <message>
        <source>Delete Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the vault &apos;%1&apos;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>It can be recovered for %n day(s); after that it is purged with its keys.</source>
        <translation>
            <numerusform>It can be recovered for %n day; after that it is purged with its keys.</numerusform>
            <numerusform>It can be recovered for %n days; after that it is purged with its keys.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not recover vault &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; recovered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge the vault &apos;%1&apos; permanently?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purging is irreversible: the vault and its keys are destroyed and cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Purge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create vault &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete vault &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not purge vault &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; purged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::VersionAttributesEditor</name>
    <message>
        <source>En&amp;abled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not befo&amp;re</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owner=payments; env=prod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appl&amp;y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a version to edit its attributes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
