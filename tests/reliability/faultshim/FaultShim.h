#pragma once

// The control interface of the fault-injecting PKCS#11 shim (custos_pkcs11_faultshim, issue 10).
//
// The shim is a PKCS#11 module: its C_GetFunctionList hands out a function list whose every entry
// forwards to a real module (CUSTOS_FAULTSHIM_TARGET, default SoftHSM2) unless a rule says to fail
// or stall that call. What the faults do, as a real token would:
//   CKR_SESSION_HANDLE_INVALID / CKR_SESSION_CLOSED  the session is closed in the real module too
//                                                    (its last session: the login is gone).
//   CKR_TOKEN_NOT_PRESENT / CKR_DEVICE_REMOVED       the token is "pulled": every session is closed,
//                                                    slot and session calls answer
//                                                    CKR_TOKEN_NOT_PRESENT and C_GetSlotList lists
//                                                    no token, until custos_faultshim_clear() (or
//                                                    custos_faultshim_insert_token()) puts it back.
//   any other code (CKR_DEVICE_ERROR, CKR_PIN_EXPIRED, ...)  only the call fails.
// A failed C_Sign/C_Encrypt/C_Decrypt/C_Digest/C_Verify ends its operation in the real module,
// as PKCS#11 says a failed call does, so the next C_*Init is not refused with CKR_OPERATION_ACTIVE.
//
// Tests in the same process find these functions with dlsym on the loaded shim
// (tests/reliability/TokenFaultShim.h). Child processes (custosctl) read rules from the
// environment at C_Initialize:
//   CUSTOS_FAULTSHIM="C_Sign:1:CKR_DEVICE_ERROR;C_Login:2:CKR_PIN_EXPIRED:0;C_Sign:1:CKR_OK:2000"
//     FUNCTION:NTH:RV[:STALL_MS[:after]]; RV a CKR_ name or a number; "*" matches every function.
//   CUSTOS_FAULTSHIM_LOG=FILE  appends "FUNCTION CKR_NAME" for every fault injected.
//   CUSTOS_FAULTSHIM_TARGET=PATH  the real module.

#ifdef __cplusplus
extern "C" {
#endif

// From now on, the `nth` call (1-based, counted from this rule) of `function` ("C_Sign"; "*" for
// any) fails with `rv` after a stall of `stallMs` milliseconds; nth 0: every call. rv 0 (CKR_OK)
// with a stall: a slow token, the call is forwarded after the stall. Returns 0, or -1 for an
// unknown function name.
int custos_faultshim_set(const char* function, unsigned long nth, unsigned long rv, unsigned stallMs);
// As custos_faultshim_set, but the real call runs first and its result is replaced by `rv`: the
// token did the work and the answer was lost (an object created, yet the caller sees a failure).
int custos_faultshim_set_after(const char* function, unsigned long nth, unsigned long rv, unsigned stallMs);
// Removes every rule, puts a pulled token back, wakes stalled calls and zeroes the counters.
void custos_faultshim_clear(void);
// Calls of `function` ("*": all) since the last clear.
unsigned long custos_faultshim_calls(const char* function);
// Faults injected (failed calls, not stalls) since the last clear.
unsigned long custos_faultshim_fired(void);
// Calls being stalled right now (a test can see the token is slow while the GUI thread runs).
unsigned long custos_faultshim_stalling(void);
// Pulls the token out (as a CKR_TOKEN_NOT_PRESENT fault does) or puts it back, rules unchanged.
void custos_faultshim_remove_token(void);
void custos_faultshim_insert_token(void);
int custos_faultshim_token_present(void);

#ifdef __cplusplus
}
#endif
