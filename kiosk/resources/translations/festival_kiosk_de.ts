<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>since %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>whole outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales by product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharges by payment method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s recharges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash recharges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash voids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash shifts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not yet confirmed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d requests still queued (cash %s), not counted above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d requests rejected by the backend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d confirmed requests were first accepted offline.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackendPage</name>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where balances and orders are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded demo server on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REST-RPC server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open provisioning file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste provisioning code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts a local PostgreSQL with the demo event (first start takes a few seconds).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisioning file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisioning files (*.toml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the embedded demo server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarScreen</name>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch products to build the order.
Tap a card to see its balance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paying %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough on that card — tap another card to pay %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap another card to credit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap card to pay %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap card to credit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CashShiftFlow</name>
    <message>
        <source>The shift could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shift could not be closed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cash shift could not be read from this kiosk&apos;s queue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CashShiftsTab</name>
    <message>
        <source>No cash shift is open on this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount, e.g. 500</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawer → safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safe → drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason, e.g. too much cash in the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record cash move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why you close it, e.g. cashier went home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close selected shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the shift whose drawer the cash moves from or to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the amount, e.g. 500 or 12.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cash move needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash move recorded: expected cash in that drawer is now %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash move queued: it is sent when the network is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash move refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the shift to close.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing someone else&apos;s shift needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count %1&apos;s drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift of %1 closed: expected %2, counted %3, difference %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The close is queued: it is sent when the network is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shift could not be closed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckpointScreen</name>
    <message>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void last recharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick amount %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too much: this card can take at most %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card is blocked: no recharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose cash or card payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocking card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unblocking card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voiding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharging %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap a card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its balance, status and last transactions appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BLOCKED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last known balance (offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History not available offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transactions yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unblock card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block lost card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card: needs network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No network: card payments cannot be checked now. Take cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap card to recharge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharge %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseResultScreen</name>
    <message>
        <source>Shift closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed by the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed by the server, marked unverified (the log-in was not checked by the server): review lists it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet confirmed: the close is queued and sent when the network is back. These figures are this kiosk&apos;s own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Float %1 · cash recharges %2 · voided %3 · to safe %4 · from safe %5 · card terminal %6 (not drawer cash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountPanel</name>
    <message>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountScreen</name>
    <message>
        <source>Close shift: count the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap a note or coin, type how many, then the next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep open, log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is more than a drawer can hold: check the counts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close with %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DevicePage</name>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device id this kiosk is registered as in the backend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter this kiosk&apos;s device id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the backend about %s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server does not list its devices. Type the device id this kiosk was enrolled as (festival-admin devices list shows them), or open its provisioning file on the previous page: it fills this in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bar, point of sale %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products: %d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff allowed on this device: %d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency: %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FloatScreen</name>
    <message>
        <source>Opening float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cash in the drawer before the first recharge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count the cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is more than a drawer float can be.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start shift with %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>Starting the demo database… (the first start takes a minute)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the backend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kiosk cannot start yet:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I am %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hello %1, enter your PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your PIN, or tap your staff card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN has at least %1 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisors log in only while the kiosk is online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap your staff card or touch your name, then enter your PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the login: ask a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN. Attempts left: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is not a staff card for this kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No staff list yet: connect to the backend once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong PINs: wait %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Something went wrong. The kiosk keeps working; the details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Festival Kiosk — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulated card reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payment is in progress: log out when its result shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The supervisor screen is not available in this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharge of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still being sent: it will go through once, never twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>went through: the card was charged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>was refused: nothing was charged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>was voided: nothing was charged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>went through: the card was credited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on card %2 at %3, interrupted when the kiosk stopped, %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payment is in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payment is being sent. Close anyway? It is kept and finished after the restart, and the kiosk then shows how it ended.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Print the shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report is printed on A4, portrait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No printer is set up on this kiosk. Save the report as a PDF instead: the file is named after the device and the time, in the export folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save PDF instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReaderPage</name>
    <message>
        <source>Card reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the reader, then tap a card to test it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect readers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press “Test reader”, then tap a card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for USB and serial readers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No NFC reader found. The simulated and keyboard-wedge readers are always available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detection failed: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap a card now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card %s read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reader works (%s). Tap another card or go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card could not be read (%s). Tap again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultOverlay</name>
    <message>
        <source>Touch the screen or tap the next card to continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Festival Kiosk setup</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartupScreen</name>
    <message>
        <source>Festival Kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up this kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>The server&apos;s answers cannot be trusted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insecure connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insecure_backend is on: the link to the backend is not encrypted or not verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card list %1 old</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server answers wrongly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Queue empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Queued: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>oldest %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n to review</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Reader ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for reader…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reader lost: reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reader found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reader: no report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Offline limits and summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the backend cannot be reached, the kiosk keeps selling within these limits and sends the sales later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum card balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline sales per card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline sales per device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept cash recharges while offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept card-payment recharges while offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bar at %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: %s (%s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card reader: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration file: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save: %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisorScreen</name>
    <message>
        <source>Supervisor — %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to selling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash shifts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason for the void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close it for good, with the reason above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the outbox: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>voided (never sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>settled by a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>booked? reversal refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused offline, but the backend may have booked it: reverse it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending the queue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue sent again; the list shows the latest state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverse %1 on card %2? The money goes back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voiding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not voided: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a request to review first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a reason for settling it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a request to void first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This request cannot be voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a reason for the void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A void is already being sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %s: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the printer %s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TapScreen</name>
    <message>
        <source>Card not read: tap again, and hold it still</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still waiting for the network…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Insufficient funds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prices have changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance limit reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed on this kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request was voided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline limit exceeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not accepted offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not permitted by the backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided by a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error on this kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the card and call a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card is not registered for the festival.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price list was updated. Check the order and charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card cannot hold more money.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough on the card&apos;s last known balance. Try another card, or recharge at a checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline limit per card reached. Try again when the network is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This kiosk&apos;s offline limit is reached. Wait for the network to come back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card is not in the offline list. Try again when the network is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prices on this kiosk are out of date. Call a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A product of this order is not on sale here. Check the order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not sell on this kiosk offline. Call a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This kiosk is disabled. Call a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This kiosk is not set up for this. Call a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This kiosk has no offline data yet. Wait for the network to come back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card payments need the network. Take cash, or wait for the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card list on this kiosk is too old to sell offline. Wait for the network to come back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The offline check failed. Try again when the network is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same card again (ignored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored: a payment was in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card not read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a staff card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insufficient funds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balance not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error on this kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not accepted offline. Try again when the network is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused by the backend</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>screen</name>
    <message>
        <source>One less %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One more %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
