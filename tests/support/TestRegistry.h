#pragma once

#include <QObject>

#include <functional>

// A few test executables per layer (CI time on 2 cores), each running several Qt Test classes.
// Each Test*.cpp registers its class with CUSTOS_REGISTER_TEST; TestMain.cpp runs them all, or
// only the classes named on the command line (`test_model TestAuditChain TestVaultService`).
namespace custos::test {

void registerTest(const char* name, std::function<QObject*()> factory);
int runRegisteredTests(int argc, char** argv);

} // namespace custos::test

#define CUSTOS_REGISTER_TEST(Class)                                                                                    \
    static const bool custosRegistered##Class = (custos::test::registerTest(#Class, [] { return new Class; }), true);
