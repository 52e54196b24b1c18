#include "TestRegistry.h"

#include "crypto/SecureBuffer.h"

#include <QTest>

#include <cstring>

using custos::crypto::SecureBuffer;

class TestSecureBuffer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void constructsZeroFilled()
    {
        const SecureBuffer buffer(16);
        QCOMPARE(buffer.size(), std::size_t(16));
        for (const unsigned char byte : buffer.bytes())
            QCOMPARE(byte, 0);
        QVERIFY(SecureBuffer().isEmpty());
        QVERIFY(SecureBuffer(0).isEmpty());
    }

    void moveLeavesSourceEmpty()
    {
        SecureBuffer source = SecureBuffer::fromString("secret");
        const unsigned char* storage = source.data();
        SecureBuffer moved(std::move(source));
        QVERIFY(source.isEmpty());
        QVERIFY(source.data() == nullptr);
        QCOMPARE(moved.data(), storage);
        QCOMPARE(std::string_view(moved.chars(), moved.size()), std::string_view("secret"));

        SecureBuffer assigned = SecureBuffer::fromString("old");
        assigned = std::move(moved);
        QVERIFY(moved.isEmpty());
        QCOMPARE(std::string_view(assigned.chars(), assigned.size()), std::string_view("secret"));
    }

    void cloneIsIndependent()
    {
        SecureBuffer original = SecureBuffer::fromString("abc");
        SecureBuffer copy = original.clone();
        QVERIFY(copy.equals(original));
        QVERIFY(copy.data() != original.data());
        copy.data()[0] = 'x';
        QCOMPARE(original.chars()[0], 'a');
        QVERIFY(!copy.equals(original));
        QVERIFY(SecureBuffer().clone().isEmpty());
    }

    void chopLineEnd_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("lf") << QByteArray("pass\n") << QByteArray("pass");
        QTest::newRow("crlf") << QByteArray("pass\r\n") << QByteArray("pass");
        QTest::newRow("several") << QByteArray("pass\n\r\n") << QByteArray("pass");
        QTest::newRow("none") << QByteArray("pass") << QByteArray("pass");
        QTest::newRow("inner kept") << QByteArray("pa\nss\n") << QByteArray("pa\nss");
        QTest::newRow("only newline") << QByteArray("\n") << QByteArray();
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }

    void chopLineEnd()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        SecureBuffer buffer(input.constData(), static_cast<std::size_t>(input.size()));
        buffer.chopLineEnd();
        QCOMPARE(QByteArray(buffer.chars(), static_cast<qsizetype>(buffer.size())), expected);
    }

    void equals()
    {
        QVERIFY(SecureBuffer::fromString("same").equals(SecureBuffer::fromString("same")));
        QVERIFY(!SecureBuffer::fromString("same").equals(SecureBuffer::fromString("Same")));
        QVERIFY(!SecureBuffer::fromString("same").equals(SecureBuffer::fromString("sam")));
        QVERIFY(SecureBuffer().equals(SecureBuffer(0)));
        QVERIFY(!SecureBuffer().equals(SecureBuffer(1)));
    }

    void resizeKeepsPrefixAndClearEmpties()
    {
        SecureBuffer buffer = SecureBuffer::fromString("abcdef");
        buffer.resize(3);
        QCOMPARE(std::string_view(buffer.chars(), buffer.size()), std::string_view("abc"));
        buffer.resize(5);
        QCOMPARE(buffer.size(), std::size_t(5));
        QCOMPARE(buffer.data()[3], 0);
        buffer.clear();
        QVERIFY(buffer.isEmpty());
        QVERIFY(buffer.data() == nullptr);
    }
};

CUSTOS_REGISTER_TEST(TestSecureBuffer)
#include "TestSecureBuffer.moc"
