#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace custos {

// What went wrong, in the words a caller can act on. Exit status and audit result follow from it.
enum class ErrorKind {
    Invalid,   // bad input: a name, a file, an option (CLI exit 2 only for usage errors, see app/cli)
    NotFound,  // the thing named does not exist
    Conflict,  // exists already, or the state forbids it (deleted, purge protected, last Administrator)
    Denied,    // not authorised: the message names the missing permission
    Failed,    // the engine, the token, the disk or the database failed
    Cancelled, // stopped at a safe point on request; audited as Failed with reason "cancelled"
};

struct Error
{
    ErrorKind kind = ErrorKind::Failed;
    QString message; // one line, English, never secret
};

// A value or an error. Default-constructible (QCoro::waitFor needs it) as a Failed "no result".
template <typename T>
class [[nodiscard]] Outcome
{
public:
    Outcome() : m_state(Error{ErrorKind::Failed, QStringLiteral("no result")}) {}
    Outcome(T value) : m_state(std::in_place_index<1>, std::move(value)) {}
    Outcome(Error error) : m_state(std::in_place_index<0>, std::move(error)) {}

    bool ok() const { return m_state.index() == 1; }
    explicit operator bool() const { return ok(); }
    bool isCancelled() const { return !ok() && error().kind == ErrorKind::Cancelled; }

    T& value() { return std::get<1>(m_state); }
    const T& value() const { return std::get<1>(m_state); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T take() { return std::move(std::get<1>(m_state)); }
    const Error& error() const { return std::get<0>(m_state); }

private:
    std::variant<Error, T> m_state;
};

template <>
class [[nodiscard]] Outcome<void>
{
public:
    Outcome() = default; // success
    Outcome(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    bool isCancelled() const { return m_failed && m_error.kind == ErrorKind::Cancelled; }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

inline Error makeError(ErrorKind kind, QString message)
{
    return Error{kind, std::move(message)};
}

} // namespace custos
