// The normal (GCC) build runs each fuzz target once over its seed corpus as a regression test, so
// the targets keep compiling with the rest and fixed crash inputs stay fixed. libFuzzer provides
// main() in the -DCUSTOS_FUZZ=ON build instead.
#include <QDir>
#include <QFile>
#include <QTextStream>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    QTextStream err(stderr);
    if (argc != 2) {
        err << "usage: " << argv[0] << " CORPUS_DIR\n";
        return 2;
    }
    const QDir corpus(QString::fromLocal8Bit(argv[1]));
    const QStringList inputs = corpus.entryList(QDir::Files, QDir::Name);
    if (inputs.isEmpty()) {
        err << "no seed inputs in " << corpus.path() << '\n';
        return 1;
    }
    for (const QString& name : inputs) {
        QFile file(corpus.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            err << "cannot read " << file.fileName() << '\n';
            return 1;
        }
        const QByteArray input = file.readAll();
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.constData()), std::size_t(input.size()));
        QTextStream(stdout) << "ok " << name << '\n';
    }
    return 0;
}
