// The key rows of the generated authorisation matrix (TestAuthorizationMatrixSupport.h):
// lifecycle, deleted keys, backup and restore, and every cryptographic use.

#include "TestAuthorizationMatrixSupport.h"

#include "model/services/Services.h"

#include <QFile>

namespace custos::authzmatrix {

using namespace custos::model;

namespace {
std::shared_ptr<const crypto::SecureBuffer> bytes(const QByteArray& data)
{
    return std::make_shared<const crypto::SecureBuffer>(data.constData(), static_cast<std::size_t>(data.size()));
}

KeyTarget targetOf(const Case& c)
{
    return {c.vault, c.key(), {}};
}

Outcome<void> createKey(Services& s, const Case& c, crypto::KeyKind kind, bool exportable = false)
{
    KeyCreateRequest request;
    request.vault = c.vault;
    request.name = c.key();
    request.kty = kind;
    request.exportable = exportable;
    return done(test::await(s.keys().create(request)));
}

Step ecKey(bool exportable = false)
{
    return [exportable](Services& s, Case& c) { return createKey(s, c, crypto::KeyKind::Ec, exportable); };
}

Step octKey()
{
    return [](Services& s, Case& c) { return createKey(s, c, crypto::KeyKind::Aes); };
}

Outcome<void> deletedKey(Services& s, Case& c)
{
    if (auto made = createKey(s, c, crypto::KeyKind::Ec); !made)
        return made;
    return done(test::await(s.keys().remove(c.vault, c.key())));
}

const QByteArray kDigest(32, '\x5a');
} // namespace

QList<MatrixOperation> keyOperations()
{
    const QString read = QStringLiteral("keys/read/action");
    return {
        {QStringLiteral("key create"),
         {QStringLiteral("keys/create")},
         ScopeKind::Key,
         {},
         [](Services& s, Case& c) { return createKey(s, c, crypto::KeyKind::Ec); }},
        {QStringLiteral("key list"),
         {read},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) -> Outcome<void> {
             auto keys = s.keys().list(c.vault);
             if (!keys)
                 return keys.error();
             const bool found =
                 std::any_of(keys->cbegin(), keys->cend(), [&](const KeyRecord& k) { return k.name == c.key(); });
             return listed(found, c.key());
         },
         true},
        {QStringLiteral("key show"),
         {read},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) { return done(s.keys().show(c.vault, c.key())); }},
        {QStringLiteral("key versions"),
         {read},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) { return done(s.keys().versions(c.vault, c.key())); }},
        {QStringLiteral("key version show"),
         {read},
         ScopeKind::Key,
         [](Services& s, Case& c) -> Outcome<void> {
             KeyCreateRequest request;
             request.vault = c.vault;
             request.name = c.key();
             request.kty = crypto::KeyKind::Ec;
             auto key = test::await(s.keys().create(request));
             if (!key)
                 return key.error();
             c.data.insert(QStringLiteral("version"), key->currentVersion.id);
             return {};
         },
         [](Services& s, Case& c) {
             return done(s.keys().version(c.vault, c.key(), c.data.value(QStringLiteral("version")).toString()));
         }},
        {QStringLiteral("key policy show"),
         {read},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) { return done(s.keys().policy(c.vault, c.key())); }},
        {QStringLiteral("key export public"),
         {read},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) {
             return done(test::await(s.keyCrypto().exportPublic(targetOf(c), PublicKeyFormat::Pem)));
         }},
        {QStringLiteral("key set"),
         {QStringLiteral("keys/write/action")},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) {
             KeyUpdateRequest update;
             update.vault = c.vault;
             update.name = c.key();
             update.tags = QMap<QString, QString>{{QStringLiteral("env"), QStringLiteral("test")}};
             return done(test::await(s.keys().update(update)));
         }},
        {QStringLiteral("key policy set"),
         {QStringLiteral("keys/write/action")},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) {
             KeyRotationPolicy policy;
             policy.expiryTime = QStringLiteral("P90D");
             return done(test::await(s.keys().setPolicy(c.vault, c.key(), policy)));
         }},
        {QStringLiteral("key import"),
         {QStringLiteral("keys/import/action")},
         ScopeKind::Key,
         {},
         [](Services& s, Case& c) {
             QFile file(QStringLiteral(CUSTOS_TEST_DATA_DIR "/import/good/ec-p256.pkcs8.pem"));
             if (!file.open(QIODevice::ReadOnly))
                 return Outcome<void>(makeError(ErrorKind::Failed, QStringLiteral("no test key file")));
             KeyImportRequest request;
             request.vault = c.vault;
             request.name = c.key();
             request.source.bytes = file.readAll();
             return done(test::await(s.keyImports().importKey(request)));
         }},
        {QStringLiteral("key rotate"),
         {QStringLiteral("keys/rotate/action")},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) { return done(test::await(s.keys().rotate(c.vault, c.key()))); }},
        {QStringLiteral("key delete"),
         {QStringLiteral("keys/delete")},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) { return done(test::await(s.keys().remove(c.vault, c.key()))); }},
        {QStringLiteral("key list-deleted"),
         {QStringLiteral("keys/deletedKeys/read/action")},
         ScopeKind::Key,
         deletedKey,
         [](Services& s, Case& c) -> Outcome<void> {
             auto keys = s.keys().listDeleted(c.vault);
             if (!keys)
                 return keys.error();
             const bool found =
                 std::any_of(keys->cbegin(), keys->cend(), [&](const KeyRecord& k) { return k.name == c.key(); });
             return listed(found, c.key());
         },
         true},
        {QStringLiteral("key recover"),
         {QStringLiteral("keys/deletedKeys/recover/action")},
         ScopeKind::Key,
         deletedKey,
         [](Services& s, Case& c) { return done(test::await(s.keys().recover(c.vault, c.key()))); }},
        {QStringLiteral("key purge"),
         {QStringLiteral("keys/deletedKeys/delete")},
         ScopeKind::Key,
         deletedKey,
         [](Services& s, Case& c) { return done(test::await(s.keys().purge(c.vault, c.key()))); }},
        {QStringLiteral("key backup"),
         {QStringLiteral("keys/backup/action")},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) { return done(test::await(s.keys().backup(c.vault, c.key()))); }},
        {QStringLiteral("key restore"),
         {QStringLiteral("keys/restore/action")},
         ScopeKind::Key,
         [](Services& s, Case& c) -> Outcome<void> {
             // A backup of a key that is then purged, so its name is free for the restore.
             if (auto made = createKey(s, c, crypto::KeyKind::Ec); !made)
                 return made;
             auto blob = test::await(s.keys().backup(c.vault, c.key()));
             if (!blob)
                 return blob.error();
             c.data.insert(QStringLiteral("blob"), blob.value());
             if (auto removed = test::await(s.keys().remove(c.vault, c.key())); !removed)
                 return removed.error();
             return done(test::await(s.keys().purge(c.vault, c.key())));
         },
         [](Services& s, Case& c) {
             return done(test::await(s.keys().restore(c.vault, c.data.value(QStringLiteral("blob")).toByteArray())));
         }},
        {QStringLiteral("key sign"),
         {QStringLiteral("keys/sign/action")},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) {
             return done(test::await(s.keyCrypto().sign(targetOf(c), QStringLiteral("ES256"), kDigest, true)));
         }},
        {QStringLiteral("key verify"),
         {QStringLiteral("keys/verify/action")},
         ScopeKind::Key,
         ecKey(),
         [](Services& s, Case& c) {
             // A wrong signature is a well-formed request: false, not an error.
             return done(test::await(
                 s.keyCrypto().verify(targetOf(c), QStringLiteral("ES256"), kDigest, true, QByteArray(64, '\x01'))));
         }},
        {QStringLiteral("key encrypt"),
         {QStringLiteral("keys/encrypt/action")},
         ScopeKind::Key,
         octKey(),
         [](Services& s, Case& c) {
             return done(test::await(s.keyCrypto().encrypt(targetOf(c), QStringLiteral("A256GCM"), bytes("secret"))));
         }},
        {QStringLiteral("key decrypt"),
         {QStringLiteral("keys/decrypt/action")},
         ScopeKind::Key,
         [](Services& s, Case& c) -> Outcome<void> {
             if (auto made = createKey(s, c, crypto::KeyKind::Aes); !made)
                 return made;
             auto sealed = test::await(s.keyCrypto().encrypt(targetOf(c), QStringLiteral("A256GCM"), bytes("secret")));
             if (!sealed)
                 return sealed.error();
             c.data.insert(QStringLiteral("ciphertext"), sealed->ciphertext);
             c.data.insert(QStringLiteral("iv"), sealed->iv);
             c.data.insert(QStringLiteral("tag"), sealed->tag);
             return {};
         },
         [](Services& s, Case& c) {
             KeyCiphertext input{c.data.value(QStringLiteral("ciphertext")).toByteArray(),
                                 c.data.value(QStringLiteral("iv")).toByteArray(),
                                 c.data.value(QStringLiteral("tag")).toByteArray()};
             return done(test::await(s.keyCrypto().decrypt(targetOf(c), QStringLiteral("A256GCM"), input)));
         }},
        {QStringLiteral("key wrap"),
         {QStringLiteral("keys/wrap/action")},
         ScopeKind::Key,
         octKey(),
         [](Services& s, Case& c) {
             return done(test::await(
                 s.keyCrypto().wrapKey(targetOf(c), QStringLiteral("A256KW"), bytes(QByteArray(32, '\x33')))));
         }},
        {QStringLiteral("key unwrap"),
         {QStringLiteral("keys/unwrap/action")},
         ScopeKind::Key,
         [](Services& s, Case& c) -> Outcome<void> {
             if (auto made = createKey(s, c, crypto::KeyKind::Aes); !made)
                 return made;
             auto wrapped = test::await(
                 s.keyCrypto().wrapKey(targetOf(c), QStringLiteral("A256KW"), bytes(QByteArray(32, '\x33'))));
             if (!wrapped)
                 return wrapped.error();
             c.data.insert(QStringLiteral("wrapped"), wrapped.value());
             return {};
         },
         [](Services& s, Case& c) {
             return done(test::await(s.keyCrypto().unwrapKey(targetOf(c), QStringLiteral("A256KW"),
                                                             c.data.value(QStringLiteral("wrapped")).toByteArray())));
         }},
        {QStringLiteral("key export private"),
         {QStringLiteral("keys/export/action")},
         ScopeKind::Key,
         ecKey(true),
         [](Services& s, Case& c) {
             return done(test::await(s.keyCrypto().exportPrivate(targetOf(c), bytes("export password 1"))));
         }},
    };
}

} // namespace custos::authzmatrix
