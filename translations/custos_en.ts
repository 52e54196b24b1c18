<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AuditSavedFilters</name>
    <message>
        <source>All security-domain operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All purges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied in the last 24 h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProtectionComboBox</name>
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
</context>
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
    <name>TranscriptPdf</name>
    <message>
        <source>Download (backup of the domain key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation (new domain key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate thumbprint (x5t#S256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain ceremony transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed JSON file of this ceremony has the SHA-256 printed below. Keep this paper with the ceremony records; it matches the JSON file and its signature by the workspace&apos;s audit key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ceremony</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Witnesses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain file SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain key ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit key fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 of the transcript JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check: sha256sum TRANSCRIPT.json, then custosctl sd transcript verify TRANSCRIPT.json --key AUDIT.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1</source>
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
    <name>custos::model::AuditEventModel</name>
    <message>
        <source>Success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason: %1
Justification: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason / justification</source>
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
    <name>custos::model::EffectiveAccessHolderModel</name>
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
        <source>Assignment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Through</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignment scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::EffectiveAccessModel</name>
    <message>
        <source>direct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n permission(s) at %1 and below</source>
        <translation>
            <numerusform>%n permission at %1 and below</numerusform>
            <numerusform>%n permissions at %1 and below</numerusform>
        </translation>
    </message>
    <message>
        <source>Scope / permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Through</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
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
    <name>custos::model::OperatorGroupModel</name>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message>
        <source>Group / member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created by</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::OperatorListModel</name>
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
        <source>From %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card enrolled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::RoleAssignmentModel</name>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired on %1: this assignment no longer grants anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telling operators from groups needs the permission operators/read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned by %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Principal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
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
</context>
<context>
    <name>custos::model::RoleDefinitionModel</name>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::model::SodReportModel</name>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiring assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicting roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at %1, expires %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Principal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Through</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broader than used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at %1, used only in %2</source>
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
    <name>custos::ui::AccessWindow</name>
    <message>
        <source>Roles and Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ssignments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separation of &amp;duties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Effective access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Operators &amp;&amp; groups</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::AccessibleText</name>
    <message>
        <source>Go to the next page of the wizard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to the previous page of the wizard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carry out what the wizard prepared and close it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carry out this step; it cannot be undone here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the wizard without carrying anything out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show help for this page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm and close the dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the dialog without changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard the changes and close the dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the changes and keep the dialog open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the fields to their defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show help for this dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tabs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switches between: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ActivationWizard</name>
    <message>
        <source>Activate this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custos keeps every key under a domain key inside its token. The security domain is a backup of that domain key, split among custodians: any M of the N custodians together can restore it into a new workspace, fewer cannot. Nobody, you included, ever sees the domain key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until its security domain has been downloaded, this workspace is not activated: creating and importing keys is refused, as in Azure Managed HSM, so that no key exists that a lost token would take with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have &amp;custodian certificates (3 to 10, one per custodian)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Solo trial: make three custodian key files for me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The solo trial makes three passphrase-protected key files and a security-domain file that any two of them restore. Fine to try Custos; for production keys, download again for real custodians and rotate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder and custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custos writes three custodian key files, their certificates and the security-domain file into this folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodian &amp;%1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodian %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder for the key files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already holds %2: choose an empty folder so that nothing is overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name custodian %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two custodians are named %1: give each a name of their own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each key file is encrypted with its own passphrase. Whoever holds a key file needs its passphrase to take part in a restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase for custodian %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase for custodian %1 again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a passphrase for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase for %1 is too short: at least %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases for %1 differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write each passphrase down and keep it apart from its key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the custodians and the security domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activated: what to keep where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate the Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the Custodian Key Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was kept. Go back to try again, or activate later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Making %n custodian key file(s)…</source>
        <translation>
            <numerusform>Making %n custodian key file…</numerusform>
            <numerusform>Making %n custodian key files…</numerusform>
        </translation>
    </message>
    <message>
        <source>Making the custodian key files failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the security domain for the three custodians (any %1 restore it)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;li&gt;&lt;b&gt;%1&lt;/b&gt; and its passphrase: %2. Its certificate %3 is public.&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The workspace is activated. In &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;ul&gt;%1&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Keep the three key files apart&lt;/b&gt;, each on its own medium and away from this computer, and each passphrase apart from its file. Any %1 of the three key files, with their passphrases, restore the domain key into a new workspace; one alone cannot. Lose two and your backups cannot be restored.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (SHA-256 &lt;tt&gt;%2&lt;/tt&gt;) belongs with your backups; it is useless without the custodians.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The ceremony transcript is in %1 (signed: %1.sig) and %2; print the PDF for the paper file.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The transcript could not be saved: %1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;For production keys, download the security domain again for real custodians (Security Domain &gt; Download…) and rotate the domain key.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::AirGapOverrideDialog</name>
    <message>
        <source>Override the Air-Gap Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These network interfaces are up: %1.

A ceremony on a networked machine can leak what it handles. Override only when the interfaces cannot reach a network (say how you know). The override is recorded in the audit trail with your name, the interface names and your justification.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Justification:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Justification for the override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded in the audit trail with the interface names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Override and Proceed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::AirGapPanel</name>
    <message>
        <source>&amp;Check Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads the network interfaces again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Override…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proceed although interfaces are up, with a justification recorded in the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The override was refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Air-gap check passed: no network interface other than loopback is up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sees only the interfaces the system reports as up: a radio or a USB device brought up later, or one the system does not list, is not seen. Check the machine itself too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Air-gap check overridden for %1 by %2 (recorded in the audit trail).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Ceremonies refused: %n network interface(s) up: %1</source>
        <translation>
            <numerusform>Ceremonies refused: %n network interface up: %1</numerusform>
            <numerusform>Ceremonies refused: %n network interfaces up: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Unplug the network cable and disable Wi-Fi (and every other interface listed), then choose Check Again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Air-gap check: ceremonies allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Air-gap check: ceremonies refused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ApprovalDialog</name>
    <message>
        <source>Quorum Approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This operation needs the approval of %n other operator(s). Each approver reads what follows, then enters their own passphrase at this workstation.</source>
        <translation>
            <numerusform>This operation needs the approval of one other operator. Each approver reads what follows, then enters their own passphrase at this workstation.</numerusform>
            <numerusform>This operation needs the approval of %n other operators. Each approver reads what follows, then enters their own passphrase at this workstation.</numerusform>
        </translation>
    </message>
    <message>
        <source>What is approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approver passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appro&amp;ver:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run With These Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody may approve this operation now: no other enabled operator holds what it needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not approved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved by %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the operation to approve will do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvers who have approved so far</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::AssignmentDialog</name>
    <message>
        <source>Add Role Assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator or group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/, /vaults/V, /vaults/V/keys/K or /vaults/V/certificates/C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpires (UTC):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry date and time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Principal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator assignments are never time-bound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the operator or group to assign the role to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid scope &apos;%1&apos;: expected /, /vaults/V, /vaults/V/keys/K or /vaults/V/certificates/C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiry must lie in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator assignments are never time-bound.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::AssignmentsView</name>
    <message>
        <source>any principal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any scope, e.g. /vaults/payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Principal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;cope:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign a role to an operator or group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role assignments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who holds which role at which scope</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::AuditChart</name>
    <message>
        <source>Events over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n bucket(s), %1 events, %2 denied, %3 denial spike(s)</source>
        <translation>
            <numerusform>%n bucket, %1 events, %2 denied, %3 denial spike(s)</numerusform>
            <numerusform>%n buckets, %1 events, %2 denied, %3 denial spike(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
%2 events: %3 success, %4 denied, %5 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spike of denials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (hatched, bottom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No events</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::AuditDetailPane</name>
    <message>
        <source>Event details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an event to see all of its fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Justification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correlation id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OS user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custos version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous hash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::AuditWindow</name>
    <message>
        <source>Show %1 events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit Trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify Trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the hash chain, the checkpoint signatures and the token&apos;s anchor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the filtered events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message>
        <source>Time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>O&amp;perator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Op&amp;erations:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/vaults/name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resource:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search reasons, resources, details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;ved:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Current Filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the current filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart buckets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart: automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart: per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart: per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s)</source>
        <translation>
            <numerusform>%n operation</numerusform>
            <numerusform>%n operations</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the filter &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a saved filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no operator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying the audit trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification could not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The audit trail verifies: %n event(s) checked</source>
        <translation>
            <numerusform>The audit trail verifies: %n event checked</numerusform>
            <numerusform>The audit trail verifies: %n events checked</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 checkpoint(s), the newest signed one at event %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events from %1 on are not covered by a checkpoint yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit trail does NOT verify: first bad event %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit key fingerprint (SHA-256): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit key could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Audit Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CEF (*.cef)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown export format %1: expected jsonl, csv or cef</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the filtered events to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1. JSON lines stay verifiable, so they are selected by time range, resource and at most one operator, operation and result: the other filters are not applied to them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CeremonyWindow</name>
    <message>
        <source>Custos — Ceremony Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard is disabled in ceremony mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ceremony Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator %1, workspace %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-flight: air gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ceremonies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download the Security Domain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up the domain key to a quorum of custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate the Domain Key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new domain key for everything wrapped from now on, and a new file for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;estore the Security Domain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore a domain key into this new workspace from its security-domain file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Managed HSM Restore &amp;Blob…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Azure Managed HSM&apos;s offline step: a restore blob from the file, the exchange key and custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify a Share…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The custodians&apos; drill: does a key still open its share of a file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log Out and &amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leave Ceremony Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends the session and closes Custos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the main window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loc&amp;k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide everything, close the wizards and forget unsealed keys until you enter your passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loc&amp;k (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused by the air-gap check: see the pre-flight above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission %1 at /</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download the security domain first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: network interfaces are up (%1). Unplug the cable and disable Wi-Fi, then choose Check Again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain key rotated; the new security-domain file is written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security domain downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain key restored: restore the latest backup next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ceremony is still working: let it finish, then leave.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locking failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateActions</name>
    <message>
        <source>New &amp;Certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue a certificate in the selected vault, or make a CSR for an external CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;new…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renew the selected certificates under their policies, old and new compared first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a certificate with its chain and key from PEM, DER, PKCS#7 or PKCS#12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the selected certificate as PEM, DER, its chain, or PKCS#12 with its key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the selected certificate at the Custos CA that issued it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete Certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft-delete the selected certificate and its key; recoverable for the vault&apos;s retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rec&amp;over Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover the selected deleted certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Purge Certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permanently destroy the selected deleted certificate and its key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Deleted Cer&amp;tificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the vault&apos;s deleted certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due Certificate &amp;Actions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the renewals, notifications and CRLs the certificates have made due</source>
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
    <message>
        <source>Copy Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy SHA-256 Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy SHA-1 Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate and its issuers up to the root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate extensions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The X.509 extensions of the selected certificate with their values</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateExportDialog</name>
    <message>
        <source>Export Certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate (&amp;PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA bundle (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate with &amp;chain (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate (&amp;DER)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#&amp;12 with the private key (AES-256, PBKDF2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 with the private key, &amp;legacy (3DES, RC2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is pending: it has no signed certificate to export yet. Merge the certificate the CA signed first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of &apos;%1&apos; is not exportable: PKCS#12 holds the private key, so it is not available. The certificate itself can be exported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confi&amp;rm password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: legacy PKCS#12 protects the key with 3DES and the certificates with RC2-40 under a SHA-1 MAC, which is weak. Use it only for consumers that cannot read AES-256 (old Java, Windows 7).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DER files (*.cer *.der)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is nothing to export yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a password for the PKCS#12 file, twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the password again to confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file to write (default: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a directory: choose a file name in it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateImportDialog</name>
    <message>
        <source>Import Certificate into &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM, DER, PKCS#7 or PKCS#12 file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xportable private key (cannot be changed later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;rotection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate files (*.pem *.crt *.cer *.der *.p7b *.p7c *.p12 *.pfx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is larger than 10 MiB: not a certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to see what it holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid: %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Chain: %n more certificate(s)</source>
        <translation>
            <numerusform>Chain: %n more certificate</numerusform>
            <numerusform>Chain: %n more certificates</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12, password needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password for the PKCS#12 file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key: included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: the file uses legacy encryption (%1), which is weak. Prefer files protected with AES-256 and PBKDF2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a certificate file Custos can read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key: encrypted, password needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password for the private key in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key in %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the file&apos;s password to read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate names have %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1-127 characters: letters, digits and dashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chain: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM or DER private key (PKCS#8, PKCS#1 or SEC1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private &amp;key file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private Key File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key files (*.key *.pem *.der *.p8 *.pk8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is larger than 10 MiB: not a private key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key: none (choose its private key file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key: from %1, encrypted, password needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key in %1 does not belong to the certificate in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key: from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no private key: choose the certificate&apos;s private key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CertificateOperations</name>
    <message>
        <source>Loading the certificate authorities…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the certificate authorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not prepare the renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke certificate &apos;%1&apos; in vault &apos;%2&apos; (serial %3) at CA &apos;%4&apos;? This cannot be undone.

Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete certificate &apos;%1&apos; from vault &apos;%2&apos;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>It can be recovered with its key for %n day(s); after that it is purged with all its versions.</source>
        <translation>
            <numerusform>It can be recovered with its key for %n day; after that it is purged with all its versions.</numerusform>
            <numerusform>It can be recovered with its key for %n days; after that it is purged with all its versions.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge certificate &apos;%1&apos; from vault &apos;%2&apos;? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All its versions and its key&apos;s token objects are destroyed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Purge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuing certificate &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not issue certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making a CSR for certificate &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not make a CSR for certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the CSR of certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSR for certificate &apos;%1&apos; made: have it signed, then merge the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save CSR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; in vault &apos;%2&apos; waits for an external CA. Save its CSR now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the CSR (PEM) to the CA; merge the certificate it signs into this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate requests (*.csr *.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSR saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewing certificate &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not renew certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Could not renew %n certificate(s)</source>
        <translation>
            <numerusform>Could not renew %n certificate</numerusform>
            <numerusform>Could not renew %n certificates</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) renewed</source>
        <translation>
            <numerusform>%n certificate renewed</numerusform>
            <numerusform>%n certificates renewed</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing certificate &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not import certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; imported from %2 with its private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; imported from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate &apos;%1&apos; has no issued version yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; exported to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not revoke certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate &apos;%1&apos; was not issued by a Custos CA: only its issuer can revoke it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; revoked (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not recover certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; recovered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not purge certificate &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &apos;%1&apos; purged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no file chosen to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot make %1 readable by its owner alone: %2</source>
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
        <translation>
            <numerusform>Certificates in vault &apos;%1&apos; (%n)</numerusform>
            <numerusform>Certificates in vault &apos;%1&apos; (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>%n shown</numerusform>
            <numerusform>%n shown</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Deleted certificates in vault &apos;%1&apos; (%n)</source>
        <translation>
            <numerusform>Deleted certificates in vault &apos;%1&apos; (%n)</numerusform>
            <numerusform>Deleted certificates in vault &apos;%1&apos; (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificates of the selected vault; the context menu and the tool bar act on the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter certificates</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CustodianCertificateModel</name>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>expires in %n day(s)</source>
        <translation>
            <numerusform>expires in %n day</numerusform>
            <numerusform>expires in %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>RSA-%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 thumbprint of the certificate (x5t#S256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate still encrypts and decrypts shares after it expires, but plan to replace this custodian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CustodianInputSupport</name>
    <message>
        <source>Choose a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than 16 MiB: not a security-domain file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 custodians (N), %2 needed to restore (M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodian certificate thumbprints (x5t_256):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CustodianInputWidget</name>
    <message>
        <source>Choose the custodian&apos;s key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ard (PKCS#11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the custodian&apos;s private key (PEM); its .cer beside it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodian Key File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private keys (*.key *.pem *.der);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty for an unencrypted key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pkcs11:token=…;object=… or the card&apos;s token label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key&apos;s label on the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Card:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &amp;label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Present key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodians presented</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 shares collected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypting this custodian&apos;s share…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 presented their key: %n share(s) opened.</source>
        <translation>
            <numerusform>%1 presented their key: %n share opened.</numerusform>
            <numerusform>%1 presented their key: %n shares opened.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n share(s) opened</source>
        <translation>
            <numerusform>%1: %n share opened</numerusform>
            <numerusform>%1: %n shares opened</numerusform>
        </translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::CustodianSetModel</name>
    <message>
        <source>expiring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This custodian&apos;s certificate expires soon. Its share still opens; plan a new download with a renewed certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate expires</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::DownloadWizard</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodian certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation makes a new domain key for everything wrapped from now on, and a new security-domain file for these custodians. The old domain key stays in the token, so older backups still restore here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add one certificate per custodian, 3 to 10. Each share of the domain key is encrypted to one of them (RSA-OAEP-256).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Certificates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quorum and witnesses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many custodians must come together to restore the domain key, and who watches the ceremony.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quorum (M):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One name per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Witnesses:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any %1 of the %2 custodians together can restore the domain key; %3 cannot. Up to %4 custodians may be lost or unavailable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Custos makes a &lt;b&gt;new domain key&lt;/b&gt;. Keys, backups and files made from now on are wrapped under it; the current one is retired and kept in the token so that older backups still restore.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Custos makes a fresh master secret, wraps the domain key under a key derived from it, and splits the secret into %1 shares, each encrypted to one custodian: %2. &lt;b&gt;Any %3 of them&lt;/b&gt; can restore the domain key.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Witnesses: %1.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The master secret and the domain key exist only in secure memory during this step and are never shown or written in the clear. The file, its SHA-256 and the custodians&apos; thumbprints are recorded in the audit trail.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the security-domain file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder: name a file in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file exists and will be replaced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotating the domain key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the security domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;Transcript…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Transcript as &amp;PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pri&amp;nt Transcript…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the Domain Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download the Security Domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a security domain has at most %2 custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the certificate of %2, which is in the list already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate of %1 %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Custodian Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.cer *.crt *.pem *.der)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the Security-Domain File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Making a new domain key and the file for %n custodian(s)…</source>
        <translation>
            <numerusform>Making a new domain key and the file for %n custodian…</numerusform>
            <numerusform>Making a new domain key and the file for %n custodians…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Making the security-domain file for %n custodian(s)…</source>
        <translation>
            <numerusform>Making the security-domain file for %n custodian…</numerusform>
            <numerusform>Making the security-domain file for %n custodians…</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was written or recorded. Go back to change the ceremony, or cancel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ceremony failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;A new domain key is active; the previous one is retired and still opens older backups.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The security-domain file was written to &lt;b&gt;%1&lt;/b&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;SHA-256 of the file:&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Quorum: &lt;b&gt;%1 of %2&lt;/b&gt; custodians.&lt;/p&gt;&lt;ul&gt;%3&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Domain key ID: &lt;tt&gt;%1&lt;/tt&gt; (the key itself never leaves secure memory unwrapped).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Save the transcript (signed JSON) and print it for the paper file: its SHA-256 is &lt;tt&gt;%1&lt;/tt&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous custodian set is superseded. Files made for earlier custodian sets still open with their old shares. Rotate the domain key so that new backups need the new custodians.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no ceremony has run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the Transcript as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the Transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcripts (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One certificate per custodian, in share order, with holder and expiry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::DueActions</name>
    <message>
        <source>&amp;Carry Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::DueCertificateActions</name>
    <message>
        <source>Due Certificate Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the due certificate actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No certificate actions are due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n certificate action(s) are due. Carry them out now as you?</source>
        <translation>
            <numerusform>%n certificate action is due. Carry it out now as you?</numerusform>
            <numerusform>%n certificate actions are due. Carry them out now as you?</numerusform>
        </translation>
    </message>
    <message>
        <source>Carrying out due certificate actions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n due certificate action(s) carried out</source>
        <translation>
            <numerusform>%n due certificate action carried out</numerusform>
            <numerusform>%n due certificate actions carried out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due certificate action(s) failed</source>
        <translation>
            <numerusform>%n due certificate action failed</numerusform>
            <numerusform>%n due certificate actions failed</numerusform>
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
    <name>custos::ui::EffectiveAccessView</name>
    <message>
        <source>By &amp;principal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What an operator or a group can do where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By &amp;resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who holds a permission on a vault or a key, and through which assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator or &amp;group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/vaults/V/keys/K, /vaults/V or /</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show holders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reso&amp;urce:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ermission:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody holds %1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid resource &apos;%1&apos;: expected /, /vaults/V, /vaults/V/keys/K or /vaults/V/certificates/C.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose an operator or a group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator group %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effective access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the chosen principal may do, by scope, and through which assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission holders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who holds the chosen permission at the chosen scope, and through which assignment</source>
        <translation type="unfinished"></translation>
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
        <translation>
            <numerusform>%n item expired or due within 30 days</numerusform>
            <numerusform>%n items expired or due within 30 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) in all</source>
        <translation>
            <numerusform>%n item in all</numerusform>
            <numerusform>%n items in all</numerusform>
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
    <message>
        <source>Expiry overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates, keys and CRLs of every vault you may read, by days left; Enter opens the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the expiry overview</source>
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
    <message>
        <source>Attach to an e&amp;xisting token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the keys on a PKCS#11 token you already have (an HSM, a smart card) instead of a new SoftHSM2 token inside the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custos keeps the SO PIN inside the token to create its domain key; it is never written anywhere else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 &amp;module:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token &amp;label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;SO PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 Module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 modules (*.so *.so.*);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the path of the token&apos;s PKCS#11 module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no PKCS#11 module at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the label of the token to attach to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token&apos;s user PIN and SO PIN.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::GlobalSearchPopup</name>
    <message>
        <source>Find Anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search vaults, keys, certificates, operators and roles, and jump to one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, tag, subject, SAN, fingerprint or serial…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to search; Up and Down choose a result, Enter opens it, Escape closes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vaults, keys, certificates, operators and roles that match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing you may see matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first %1 matches; type more to narrow them down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matches: %1. Enter opens the selected one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportBulkPage</name>
    <message>
        <source>Bulk Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each item becomes one key. An item that fails is reported in its row; the others stand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Vault:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) to import. Edit a name with F2.</source>
        <translation>
            <numerusform>%n item to import. Edit a name with F2.</numerusform>
            <numerusform>%n items to import. Edit a name with F2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keys to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each key found, its name in the vault and whether it is imported</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportCommitPage</name>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported as version %1 of key &apos;%2&apos; in vault &apos;%3&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported as key &apos;%1&apos; in vault &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>imported (SHA-256 %1…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) imported</source>
        <translation>
            <numerusform>%n key imported</numerusform>
            <numerusform>%n keys imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) failed</source>
        <translation>
            <numerusform>%n item failed</numerusform>
            <numerusform>%n items failed</numerusform>
        </translation>
    </message>
    <message>
        <source>The failed items are named in their rows; the others were imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each key of the import and whether it was imported</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportDestinationPage</name>
    <message>
        <source>Destination and Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the key goes and what it may do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xportable private key (cannot be changed later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permitted operations</source>
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
        <source>A certificate came with the key. Only the key is imported here: import the certificate with Certificates → Import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Vault:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;rotection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key exchange key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation:</source>
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
        <source>A BYOK key is unwrapped inside the token: always HSM-protected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a key name.</source>
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
        <source>Vault &apos;%1&apos; has a key named &apos;%2&apos; already: choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; has no key exchange key (an RSA HSM key with the operation import only).</source>
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
        <source>The expiry must be after the activation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is this same key: the next page offers to add a new version to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active &amp;from</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportDuplicatesPage</name>
    <message>
        <source>Already Imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same public key is in a vault already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add it as a new &amp;version of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Existing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop: import nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault &apos;%1&apos;, key &apos;%2&apos;, version %3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This public key is already in:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import it as a new key named &apos;%1&apos; in &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportPasswordPage</name>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password of the key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is encrypted. Enter its password; it is used to read the key and wiped afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the key with this password…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportPreviewPage</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the source holds. Nothing is imported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys in the source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Source:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Format:&lt;/b&gt; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BYOK key exchange key (kid):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is unwrapped inside the token; its type is known once it is imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) found.</source>
        <translation>
            <numerusform>%n key found.</numerusform>
            <numerusform>%n keys found.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pick the one to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This public key is in a vault already; you can add it as a new version there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportReviewPage</name>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import commits the key; the import is audited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination: a new version of key &apos;%1&apos; in vault &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination: new key &apos;%1&apos; in vault &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key exchange key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protection: %1</source>
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
        <source>Exportable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active from: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::ImportSourcePage</name>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the key comes from. The format is found from the content, not the file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pasted text (PEM or JWK)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An object on a PKCS#11 &amp;token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulk: every file in a f&amp;older</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;every key of the source (bulk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-----BEGIN PRIVATE KEY-----…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choo&amp;se…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose Key File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key files (*.pem *.key *.der *.p8 *.pk8 *.p12 *.pfx *.jwk *.json *.byok *.cer *.crt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose Folder of Key Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder &apos;%1&apos; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder &apos;%1&apos; holds no files: expected key files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pasted text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueCertificateWizard</name>
    <message>
        <source>Issue Certificate in &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueKeyPage</name>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate&apos;s key pair: a new key in vault &apos;%1&apos; with the certificate&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xportable private key (cannot be changed later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reuse the key on renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key &amp;type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cur&amp;ve:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Protection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates from an external CA are renewed with a new CSR and a new key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating an RSA-4096 key can take several seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM-protected keys never leave the token: they cannot be exported.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueProfilePage</name>
    <message>
        <source>Certificate names have 1-127 characters: letters, digits and dashes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile and issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the certificate is for, who signs it, and its name in the vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom usages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key usages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extended key usages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External CA (CSR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An external CA gets a certificate signing request (CSR) to sign; the signed certificate is merged later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. web01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate na&amp;me:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the key usages and extended key usages below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key usages: %1. Extended key usages: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA keys also get keyEncipherment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The custom profile needs at least one key usage or extended key usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate signing request is created: have the external CA sign it, then merge the signed certificate.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueReviewPage</name>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check what will be asked for. Nothing is created before you confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create CSR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an external CA: a certificate signing request (CSR) is created to be signed there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>self-signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (a Custos CA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alternative names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key usages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extended key usages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EC %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA %1 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM-protected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>software-protected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exportable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not exportable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reused on renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new key on each renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validity</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n month</numerusform>
            <numerusform>%n months</numerusform>
        </translation>
    </message>
    <message>
        <source>renew at %1% of the lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>renew %n day(s) before expiry</source>
        <translation>
            <numerusform>renew %n day before expiry</numerusform>
            <numerusform>renew %n days before expiry</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>notify %1 %n day(s) before expiry</source>
        <translation>
            <numerusform>notify %1 %n day before expiry</numerusform>
            <numerusform>notify %1 %n days before expiry</numerusform>
        </translation>
    </message>
    <message>
        <source>Lifetime actions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueSubjectPage</name>
    <message>
        <source>Subject and alternative names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who the certificate names. TLS clients check host names against the alternative names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Alternative names:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the subject as attribute=value pairs, e.g. CN=web01.example.test, O=Example Ltd, C=DE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use the CN as DNS name &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A TLS server certificate needs a dns: or ip: alternative name: clients match the host name against these names only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add rows such as dns:web01.example.test, ip:192.0.2.1, email:ops@example.test or uri:https://example.test/.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use the CN as a DNS name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::IssueValidityPage</name>
    <message>
        <source>Validity and lifetime actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the certificate is valid, and what happens before it expires.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lifetime actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At a percentage of the lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A number of days before expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;mail contacts before expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days before expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. ops@example.test, pki@example.test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Renew automatically:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renew a&amp;t:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notify &amp;days before expiry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Contacts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Validity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifying needs at least one contact: type e-mail addresses separated by commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an e-mail address: expected local@domain, e.g. ops@example.test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of the lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lifetime actions need a Custos issuer: an external CA&apos;s certificate is renewed with a new CSR.</source>
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
    <message>
        <source>&amp;Import Key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a key from a file, pasted text or a token into the selected vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disa&amp;ble</source>
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
    <message>
        <source>Expiry date and time (UTC)</source>
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
    <message>
        <source>Copy Key Identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every version of the selected key, the current one first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyImportBulkModel</name>
    <message>
        <source>&apos;%1&apos; is not a valid key name: expected %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is also the name of row %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::KeyImportWizard</name>
    <message>
        <source>&amp;Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ver&amp;ify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En&amp;crypt</source>
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
        <source>File &apos;%1&apos; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a regular file: expected a key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File &apos;%1&apos; has %2 bytes: expected a key file of at most 16 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (public key only: verify-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault &apos;%1&apos;, key &apos;%2&apos;, version %3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Key into &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
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
    <message>
        <source>Key &apos;%1&apos; imported</source>
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
    <name>custos::ui::KeyboardShortcutsDialog</name>
    <message>
        <source>Main window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menus open with Alt and the underlined letter; in a menu, the underlined letter chooses an item. Tab moves between the vault tree, the tabs and the lists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every action with a shortcut, grouped by menu or window</source>
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
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys of the selected vault; the context menu and the tool bar act on the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter keys</source>
        <translation type="unfinished"></translation>
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
    <message>
        <source>Could not unlock: %1</source>
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
    <message>
        <source>only with an enrolled card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Card PIN:</source>
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
    <message numerus="yes">
        <source>%n expiring within 30 days</source>
        <translation>
            <numerusform>%n expiring within 30 days</numerusform>
            <numerusform>%n expiring within 30 days</numerusform>
        </translation>
    </message>
    <message>
        <source>Certifica&amp;tes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last login: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last login: %1 from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles and &amp;access…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles, assignments, separation of duties, effective access, operators and groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permissions %1 at /</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit &amp;Trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review, verify and export the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission audit/read at /</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;This workspace is not activated.&lt;/b&gt; Keys cannot be created or imported until its security domain has been downloaded to custodians.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Activate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security &amp;Domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation, the custodian set in force and the history of security-domain files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up the domain key to a quorum of custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new domain key for everything wrapped from now on, and a new file for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;estore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore a domain key into this new workspace from its security-domain file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Managed HSM Restore &amp;Blob…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Azure Managed HSM&apos;s offline step: a restore blob from the file, the exchange key and custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify a Share…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The custodians&apos; drill: does a key still open its share of a file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain key restored: restore the latest backup next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission securitydomain/upload/action at /</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission securitydomain/upload/read at /</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission securitydomain/download/action at /</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download the security domain first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain key rotated; the new security-domain file is written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security domain downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not activated: activate through Security Domain &gt; Download… or the banner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not activated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The security domain is downloaded (Security Domain &gt; Status…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active and deleted vaults; the selected vault&apos;s keys, certificates and details are shown beside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto-lock, clipboard, theme and language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find Anything…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find vaults, keys, certificates, operators and roles by name, tag, subject, SAN, fingerprint or serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every keyboard shortcut of the main window, its menus and its windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Self Test…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The start-up self tests of the cryptographic primitives and the process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ceremony Mode…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen, large type, no clipboard and only the ceremonies, after an air-gap check</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::NetworkInterfaces</name>
    <message>
        <source>Loopback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ethernet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wi-Fi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point-to-point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAN bus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IEEE 802.15.4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WiMAX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FireWire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cellular (Phonet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FDDI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, no address)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2: %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::NotificationCenter</name>
    <message numerus="yes">
        <source>%n notification(s)</source>
        <translation>
            <numerusform>%n notification</numerusform>
            <numerusform>%n notifications</numerusform>
        </translation>
    </message>
    <message>
        <source>Keys to rotate, certificates to renew and expiring custodian certificates: click to see them</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::NotificationModel</name>
    <message>
        <source>Key %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1 expires on %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate %1 expires on %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodian certificate of %1 expires on %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens the security domain&apos;s status: download it to a new custodian set in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selects %1/%2 in the main window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::NotificationPanel</name>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due key actions, certificates to renew and expiring custodian certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter or a click opens the key, certificate or security domain named</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due: no key to rotate, no certificate to renew, no custodian certificate expiring within 30 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the due actions and expiry dates again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the notifications (Escape)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n notification(s)</source>
        <translation>
            <numerusform>%n notification</numerusform>
            <numerusform>%n notifications</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read everything: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::OperatorAddDialog</name>
    <message>
        <source>Add Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. Alice Example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the operator&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid name: use 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::OperatorOperations</name>
    <message>
        <source>Could not add operator &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator &apos;%1&apos; added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not enable operator &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator &apos;%1&apos; enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not disable operator &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator &apos;%1&apos; disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reset the passphrase of &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase of &apos;%1&apos; reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete operator &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator &apos;%1&apos; deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add group &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group &apos;%1&apos; added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not remove &apos;%1&apos; from group &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; removed from group &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add &apos;%1&apos; to group &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; added to group &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::OperatorPassphraseDialog</name>
    <message>
        <source>Reset Passphrase of &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 logs in with the new passphrase from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::OperatorsView</name>
    <message>
        <source>&lt;b&gt;Operators&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;isable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enables the operator and lifts a lockout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Groups&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;group…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;member…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remo&amp;ve member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing operators and groups needs %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators could not be listed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups could not be listed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete operator &apos;%1&apos;? Their role assignments and group memberships go with them; this cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group &amp;name (letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid group name &apos;%1&apos;: use 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every operator is a member of &apos;%1&apos; already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Member to &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators of this workspace with their state and last login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator groups and their members</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::PassphrasePairDialog</name>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Con&amp;firm passphrase:</source>
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
</context>
<context>
    <name>custos::ui::RenewCertificatesDialog</name>
    <message>
        <source>Renew Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each certificate gets a new version under its policy, from the same issuer. Nothing changes until you press Renew; uncheck what you want to leave as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Renew %n certificate(s)</source>
        <translation>
            <numerusform>&amp;Renew %n certificate</numerusform>
            <numerusform>&amp;Renew %n certificates</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificates to renew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each selected certificate&apos;s current and renewed validity, side by side</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RenewalPreviewModel</name>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New key (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same key (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (unchanged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The renewed certificate has the same subject alternative names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new key pair is generated for the renewed certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy reuses the key: the renewed certificate certifies the same key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old validity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New validity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SANs (old → new)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobCustodiansPage</name>
    <message>
        <source>Custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One custodian at a time presents their key. Each key is wiped as soon as its share is decrypted; only the shares stay, in secure memory, until the blob is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the security-domain file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A custodian card needs an open workspace.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobDonePage</name>
    <message>
        <source>Restore Blob Written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restore blob is in %1 and the shares are wiped. Upload it to the new Managed HSM (replace HSM with its name):

    az keyvault security-domain upload --hsm-name HSM --sd-file &quot;%1&quot; --restore-blob</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobExchangePage</name>
    <message>
        <source>Exchange Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new HSM&apos;s exchange certificate, as `az keyvault security-domain init-recovery` saved it: PEM or DER, or the service&apos;s transfer_key JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.cer *.crt *.pem *.der *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xchange certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbprint (x5t_256): %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobFilePage</name>
    <message>
        <source>Security-Domain File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The security-domain file of the Managed HSM to restore. Nothing leaves this computer: the restore blob is made here and uploaded with az afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobSavePage</name>
    <message>
        <source>Save the Restore Blob</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quorum is complete. The blob carries the security domain re-encrypted to the exchange key; the shares are wiped once it is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Restore Blob</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the restore blob…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blob &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreBlobWizard</name>
    <message>
        <source>Managed HSM Restore Blob</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreCompletePage</name>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quorum is complete. Restoring reconstructs the master secret, checks it against the file, and puts the restored domain key into this workspace&apos;s token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares: %1 of %2 collected, from %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restored domain key becomes this workspace&apos;s active domain key; the workspace&apos;s own, unused domain key is retired. Afterwards, restore the latest workspace backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring the domain key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restore was not approved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The collected shares were wiped. Go Back to start again with the file, or Cancel.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreCustodiansPage</name>
    <message>
        <source>Custodians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One custodian at a time: their key file and password, or their card and PIN. Each key is wiped as soon as its share is decrypted; only the share stays, in secure memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (SHA-256 %2): %3 of its %4 custodians are needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No restore ceremony is in progress.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreFilePage</name>
    <message>
        <source>Security-Domain File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file downloaded from the workspace whose domain key is to be restored here. The custodians then present their keys one at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SD.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the security-domain file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restore could not start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreResultPage</name>
    <message>
        <source>Domain Key Restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active domain key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workspace &apos;%1&apos; (%2), created %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The workspace is activated with the restored domain key (%n domain key(s) restored). Next, restore the latest backup of the source workspace:
    custosctl backup restore --in BACKUP</source>
        <translation>
            <numerusform>The workspace is activated with the restored domain key (%n domain key restored). Next, restore the latest backup of the source workspace:
    custosctl backup restore --in BACKUP</numerusform>
            <numerusform>The workspace is activated with the restored domain key (%n domain keys restored). Next, restore the latest backup of the source workspace:
    custosctl backup restore --in BACKUP</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::RestoreWizard</name>
    <message>
        <source>Restore Security Domain</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RoleEditDialog</name>
    <message>
        <source>New Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Role &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Key Rotation Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Permissions (Grant) and not-permissions (Exclude):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the role&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a built-in role; choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant at least one permission.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Grants %n permission(s).</source>
        <translation>
            <numerusform>Grants %n permission.</numerusform>
            <numerusform>Grants %n permissions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>custos::ui::RoleOperations</name>
    <message>
        <source>Delete Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the role &apos;%1&apos;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A role is deleted only while nobody holds it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the operators, groups and roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the role &apos;%1&apos; from &apos;%2&apos; at %3?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the role grants there stops at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the role &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role &apos;%1&apos; created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not update the role &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role &apos;%1&apos; updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the role &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role &apos;%1&apos; deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not assign &apos;%1&apos; to &apos;%2&apos; at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; assigned to &apos;%2&apos; at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not remove &apos;%1&apos; from &apos;%2&apos; at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; removed from &apos;%2&apos; at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RolePermissionTree</name>
    <message>
        <source>security domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quorum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude %1 (not-permission)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::RolesView</name>
    <message>
        <source>&amp;New Role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Permissions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;ot permissions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No role selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (built-in, read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grants %1 of %2 permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in roles are read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Define a custom role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating and editing roles needs the permission %1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in and custom role definitions; the selected role&apos;s permissions are listed beside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the selected role allows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the selected role excludes from its permissions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::SearchResultModel</name>
    <message>
        <source>Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subject alternative name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key in vault %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate in vault %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::SecurityDomainHistoryModel</name>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodians: %1
Domain key ID: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ceremony</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::SecurityDomainView</name>
    <message>
        <source>Security Domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files made for earlier custodian sets still open with their old shares. Rotate the domain key so that new backups need the new custodians.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;otate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current custodian set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You lack the permission securitydomain/download/action at /</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the security-domain status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain key is backed up to a quorum of custodians. Keys can be created and imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not activated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key creation and import are refused until the security domain has been downloaded: without a backup of the domain key to custodians, a lost token would lose every key, as with Azure Managed HSM. Download the security domain to activate this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 of %2&lt;/b&gt; custodians restore the domain key.&lt;br&gt;File SHA-256: &lt;tt&gt;%3&lt;/tt&gt;&lt;br&gt;%4 on %5 by %6.&lt;br&gt;Domain key ID: &lt;tt&gt;%7&lt;/tt&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No security-domain file has been made yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n custodian certificate(s) expire within 90 days: %1. The shares still open; plan a new download with renewed certificates.</source>
        <translation>
            <numerusform>⚠ %n custodian certificate expires within 90 days: %1. The share still opens; plan a new download with a renewed certificate.</numerusform>
            <numerusform>⚠ %n custodian certificates expire within 90 days: %1. The shares still open; plan a new download with renewed certificates.</numerusform>
        </translation>
    </message>
    <message>
        <source>Custodians in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The custodians of the current security-domain file, with their certificates&apos; expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every security-domain file this workspace made or was restored from, newest first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::SelfTestBanner</name>
    <message>
        <source>Self Test &amp;Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows every self test, the error and the proposed fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;The start-up self test failed&lt;/b&gt; (%1). Key and certificate operations are blocked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::SelfTestDialog</name>
    <message>
        <source>Self Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self test results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One row per check: its name, whether it passed, and the short error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self test details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the selected check tested, and for a failure the error and the proposed fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs the self tests again and shows the result</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>All %n check(s) passed.</source>
        <translation>
            <numerusform>All %n check passed.</numerusform>
            <numerusform>All %n checks passed.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 of %2 checks failed: %3.&lt;/b&gt; Key and certificate operations are blocked while a self test of the primitives fails; restart Custos once the cause is fixed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposed fix:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after minutes without input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custos locks itself after this long without keyboard or mouse input (%1 to %2 minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock when the &amp;screen locks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock Custos as soon as the desktop&apos;s screen saver or session lock starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear copied secrets after seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secret copied to the clipboard is removed after this long, unless something else was copied since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock after idle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear copied secrets after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&amp;anguage:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::SodReportView</name>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No findings: duties are separated and no assignment expires within %n day(s).</source>
        <translation>
            <numerusform>No findings: duties are separated and no assignment expires within %n day.</numerusform>
            <numerusform>No findings: duties are separated and no assignment expires within %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 conflicting role pair(s), %2 assignment(s) expiring within %n day(s).</source>
        <translation>
            <numerusform>%1 conflicting role pair(s), %2 assignment(s) expiring within %n day.</numerusform>
            <numerusform>%1 conflicting role pair(s), %2 assignment(s) expiring within %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Separation-of-duties findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Principals whose roles together break a separation-of-duties rule</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::SubjectAltNameEditor</name>
    <message>
        <source>One name a row: dns:, ip:, email: or uri: and the name. F2 edits a row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is listed twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alternative name %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>custos::ui::TokenObjectPicker</name>
    <message>
        <source>e.g. /usr/lib/softhsm/libsofthsm2.so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;List Objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 &amp;module:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token &amp;label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User P&amp;IN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 object &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token holds no certificates or keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick an importable object of the token.</source>
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
    <name>custos::ui::VerifyShareDialog</name>
    <message>
        <source>Verify a Custodian&apos;s Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A custodian proves that their key still opens their share of a security-domain file. Nothing is reconstructed; the check is recorded in the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-Domain File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify key</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: your key opens %n share(s) of this file.</source>
        <translation>
            <numerusform>%1: your key opens %n share of this file.</numerusform>
            <numerusform>%1: your key opens %n shares of this file.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: your key opens no share of this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not verified: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security-domain f&amp;ile:</source>
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
<context>
    <name>custos::ui::WorkspaceActions</name>
    <message>
        <source>%1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Custos workspace: it holds no workspace database (custos.db). Use File &gt; New Workspace… to create one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds a Custos workspace already: open it with File &gt; Open Workspace….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not empty. A new workspace needs an empty or new directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out and open another workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out and create a workspace, with its own token or attached to an existing one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace open now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not found)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent workspaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove &amp;Missing Workspaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Workspace Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was removed from the recent list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Create Workspace</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
