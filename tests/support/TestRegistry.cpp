#include "TestRegistry.h"

#include <QStringList>
#include <QTest>

#include <map>
#include <memory>
#include <string>

namespace custos::test {

namespace {
std::map<std::string, std::function<QObject*()>>& registry()
{
    static std::map<std::string, std::function<QObject*()>> tests;
    return tests;
}
} // namespace

void registerTest(const char* name, std::function<QObject*()> factory)
{
    registry().emplace(name, std::move(factory));
}

int runRegisteredTests(int argc, char** argv)
{
    // Leading arguments that name registered classes select them; the rest goes to QTest.
    QStringList selected;
    QStringList qtestArgs{QString::fromLocal8Bit(argv[0])};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (registry().count(arg))
            selected << QString::fromStdString(arg);
        else
            qtestArgs << QString::fromLocal8Bit(argv[i]);
    }
    int failures = 0;
    for (const auto& [name, factory] : registry()) {
        if (!selected.isEmpty() && !selected.contains(QString::fromStdString(name)))
            continue;
        std::unique_ptr<QObject> test(factory());
        failures += QTest::qExec(test.get(), qtestArgs);
    }
    return failures == 0 ? 0 : 1;
}

} // namespace custos::test
