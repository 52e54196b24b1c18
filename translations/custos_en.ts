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
</TS>
